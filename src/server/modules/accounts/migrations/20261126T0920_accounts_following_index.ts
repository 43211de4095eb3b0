import type { MigrationFn } from '../../../platform/db/index.ts';

/** "Who does this member follow", newest first, is one index range like the followers list. */
export const up: MigrationFn = async (db) => {
  await db.schema.createIndex('follows_follower').on('follows').columns(['follower_id', 'created_at']).execute();
};
