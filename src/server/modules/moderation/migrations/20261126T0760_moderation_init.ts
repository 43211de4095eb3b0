import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes, makeAppendOnly } from '../../../platform/db/index.ts';

export const up: MigrationFn = async (db, dialect) => {
  const t = columnTypes(dialect);
  await db.schema.createTable('moderation_words')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('pattern', 'varchar(200)', (c) => c.notNull())
    .addColumn('normalized', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(26)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('moderation_queue')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(26)')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('score', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decision', 'varchar(16)')
    .addColumn('decided_by', 'varchar(26)')
    .addColumn('decided_at', t.timestamp)
    .addColumn('note', 'text')
    .addColumn('appealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_queue_open').on('moderation_queue').columns(['status', 'id']).execute();
  await db.schema.createIndex('moderation_queue_target').on('moderation_queue').columns(['target_type', 'target_id', 'status']).execute();

  await db.schema.createTable('moderation_reports')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('reporter_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('weight', t.double, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('moderation_reports_once', ['reporter_id', 'target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('moderation_reports_target').on('moderation_reports').columns(['target_type', 'target_id']).execute();

  await db.schema.createTable('moderation_audit')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('actor_id', 'varchar(26)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('before', t.json, (c) => c.notNull())
    .addColumn('after', t.json, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_audit_target').on('moderation_audit').columns(['target_type', 'target_id']).execute();
  await makeAppendOnly(db, dialect, 'moderation_audit');

  await db.schema.createTable('moderation_examples')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('label', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('moderation_models')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('metrics', t.json, (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(26)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
};
