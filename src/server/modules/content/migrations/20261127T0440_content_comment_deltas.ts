import type { MigrationFn } from '../../../platform/db/index.ts';

/** New comments' counts on their posts, until folded into the posts (see counters.ts). */
export const up: MigrationFn = async (db) => {
  await db.schema.createTable('post_comment_deltas')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .execute();
};
