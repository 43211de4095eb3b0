import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes } from '../../../platform/db/index.ts';

/** Moderation notices carry the decision (action, note, appeal) with them. */
export const up: MigrationFn = async (db, dialect) => {
  await db.schema.alterTable('notifications').addColumn('detail', columnTypes(dialect).json).execute();
};
