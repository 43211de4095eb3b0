import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes } from '../../../platform/db/index.ts';

export const up: MigrationFn = async (db, dialect) => {
  const t = columnTypes(dialect);
  await db.schema.createTable('search_words')
    .addColumn('word', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('created_by', 'varchar(26)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
};
