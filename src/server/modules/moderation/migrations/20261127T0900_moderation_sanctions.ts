import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes } from '../../../platform/db/index.ts';

export const up: MigrationFn = async (db, dialect) => {
  const t = columnTypes(dialect);
  await db.schema.createTable('moderation_sanctions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('until', t.timestamp)
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('queue_item_id', 'varchar(26)')
    .addColumn('created_by', 'varchar(26)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_sanctions_user').on('moderation_sanctions').columns(['user_id', 'kind', 'until']).execute();

  await db.schema.createTable('moderation_reasons')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(26)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
};
