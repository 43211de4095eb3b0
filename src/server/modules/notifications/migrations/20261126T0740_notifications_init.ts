import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes } from '../../../platform/db/index.ts';

export const up: MigrationFn = async (db, dialect) => {
  const t = columnTypes(dialect);
  await db.schema.createTable('notifications')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('recipient_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(26)')
    .addColumn('actor_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('actor_count', 'integer', (c) => c.notNull())
    .addColumn('seq', t.bigint, (c) => c.notNull())
    .addColumn('read_at', t.timestamp)
    .addColumn('emailed_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('notifications_dedupe', ['recipient_id', 'dedupe_key'])
    .execute();
  // The list, the stream catch-up (seq > since) and the unread count each read one index.
  await db.schema.createIndex('notifications_recipient_seq').unique().on('notifications').columns(['recipient_id', 'seq']).execute();
  await db.schema.createIndex('notifications_recipient_unread').on('notifications').columns(['recipient_id', 'read_at']).execute();

  await db.schema.createTable('notification_actors')
    .addColumn('notification_id', 'varchar(26)', (c) => c.notNull().references('notifications.id'))
    .addColumn('actor_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('withdrawn_at', t.timestamp)
    .addPrimaryKeyConstraint('notification_actors_pk', ['notification_id', 'actor_id'])
    .execute();
  await db.schema.createIndex('notification_actors_latest').on('notification_actors').columns(['notification_id', 'created_at']).execute();

  await db.schema.createTable('notification_counters')
    .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey().references('users.id'))
    .addColumn('last_seq', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema.createTable('notification_preferences')
    .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey().references('users.id'))
    .addColumn('email_replies', 'integer', (c) => c.notNull())
    .addColumn('email_mentions', 'integer', (c) => c.notNull())
    .addColumn('email_digest', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_preferences_digest').on('notification_preferences').columns(['email_digest', 'user_id']).execute();

  await db.schema.createTable('unsubscribe_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('notification_digests')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_digests_pk', ['user_id', 'day'])
    .execute();
};
