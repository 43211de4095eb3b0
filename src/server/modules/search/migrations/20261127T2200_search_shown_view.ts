import { sql } from 'kysely';
import type { MigrationFn } from '../../../platform/db/index.ts';

/**
 * The one place that says which items a search result may show, and what it shows of them:
 * published posts, published comments under a published post (with that post's title), and
 * active members. Searches read it at query time (see results.ts), so an item hidden by
 * moderation or deleted disappears from results at once. A lookup by type and ref_id reads
 * one primary key: the other arms' constant type fails first.
 */
export const up: MigrationFn = async (db, dialect) => {
  // PostgreSQL wants the arms' column types to agree, NULL included.
  const text = (expr: string) => (dialect === 'postgres' ? `${expr}::text` : expr);
  const key = (expr: string) => (dialect === 'postgres' ? `${expr}::varchar(64)` : expr);
  await sql.raw(`create view search_shown as
    select ${key("'post'")} as type, ${key('p.id')} as ref_id, ${text('p.title')} as title, p.body as body,
      ${key('null')} as post_id, ${key('null')} as username
      from posts p where p.status = 'published'
    union all
    select 'comment', c.id, p.title, c.body, c.post_id, null
      from comments c join posts p on p.id = c.post_id where c.status = 'published' and p.status = 'published'
    union all
    select 'user', u.id, u.display_name, u.bio, null, u.username
      from users u where u.status = 'active'`).execute(db);
};
