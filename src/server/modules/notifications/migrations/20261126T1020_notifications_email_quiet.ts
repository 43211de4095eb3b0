import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes } from '../../../platform/db/index.ts';

/** When each member was last sent an instant e-mail, so a busy thread cannot flood an inbox. */
export const up: MigrationFn = async (db, dialect) => {
  await db.schema.createTable('notification_email_quiet')
    .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey().references('users.id'))
    .addColumn('last_sent_at', columnTypes(dialect).timestamp, (c) => c.notNull())
    .execute();
};
