import { sql } from 'kysely';
import type { MigrationFn } from '../../../platform/db/index.ts';

/**
 * SQLite: a log of changes to what a search result shows (see shown-cache.ts). The read
 * workers keep the items they have shown in memory and drop each one this log names before
 * their next search, so an edit, a hidden post or a suspended member shows at once. Written
 * by triggers, in the transaction of the change itself, so that no code path can forget it;
 * only the columns a result shows or is filtered by fire them (counters and scores do not).
 * PostgreSQL searches run on the server's pool without such a cache: nothing to create there.
 */
export const up: MigrationFn = async (db, dialect) => {
  if (dialect === 'postgres') return;
  // AUTOINCREMENT: numbers never go back, even once the log is trimmed empty (a worker reads
  // what comes after the last number it saw).
  await sql`create table search_shown_changes (
    seq integer primary key autoincrement,
    type varchar(16) not null,
    ref_id varchar(64) not null
  )`.execute(db);
  const watched = [
    { table: 'posts', type: 'post', columns: 'title, body, status' },
    { table: 'comments', type: 'comment', columns: 'body, status, post_id' },
    { table: 'users', type: 'user', columns: 'username, display_name, bio, status' },
  ];
  for (const { table, type, columns } of watched) {
    await sql.raw(`create trigger ${table}_shown_changed after update of ${columns} on ${table}
      begin insert into search_shown_changes (type, ref_id) values ('${type}', new.id); end`).execute(db);
    await sql.raw(`create trigger ${table}_shown_deleted after delete on ${table}
      begin insert into search_shown_changes (type, ref_id) values ('${type}', old.id); end`).execute(db);
  }
};
