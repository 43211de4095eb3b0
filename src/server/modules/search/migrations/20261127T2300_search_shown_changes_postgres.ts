import { sql } from 'kysely';
import type { MigrationFn } from '../../../platform/db/index.ts';

/**
 * PostgreSQL: the log of changes to what a search result shows, as SQLite has had since
 * search_shown_changes, for the shown-item cache each server process keeps (see
 * shown-changes-postgres.ts). Transactions commit out of the order of their sequence
 * numbers here, so an entry also carries its transaction's id: a reader asks for the entries
 * of every transaction its previous read could not see (ids at or above that snapshot's xmin).
 * Written by triggers in the transaction of the change itself; only the columns a result
 * shows or is filtered by fire them (counters and scores do not).
 */
export const up: MigrationFn = async (db, dialect) => {
  if (dialect !== 'postgres') return;
  await sql`create table search_shown_changes (
    seq bigint generated always as identity primary key,
    xid xid8 not null default pg_current_xact_id(),
    type varchar(16) not null,
    ref_id varchar(64) not null
  )`.execute(db);
  await sql`create index search_shown_changes_xid on search_shown_changes (xid)`.execute(db);
  await sql.raw(`create function search_shown_changed() returns trigger language plpgsql as $$
    begin
      insert into search_shown_changes (type, ref_id) values (tg_argv[0], case when tg_op = 'DELETE' then old.id else new.id end);
      return null;
    end $$`).execute(db);
  const watched = [
    { table: 'posts', type: 'post', columns: 'title, body, status' },
    { table: 'comments', type: 'comment', columns: 'body, status, post_id' },
    { table: 'users', type: 'user', columns: 'username, display_name, bio, status' },
  ];
  for (const { table, type, columns } of watched) {
    await sql.raw(`create trigger ${table}_shown_changed after update of ${columns} on ${table}
      for each row execute function search_shown_changed('${type}')`).execute(db);
    await sql.raw(`create trigger ${table}_shown_deleted after delete on ${table}
      for each row execute function search_shown_changed('${type}')`).execute(db);
  }
};
