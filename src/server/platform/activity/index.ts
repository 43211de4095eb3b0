import type { Kysely } from 'kysely';
import { ulid } from 'ulidx';
import { columnTypes, makeAppendOnly, newId, nowIso, type Database, type ModuleMigrations } from '../db/index.ts';

/**
 * The append-only record of who did what and when. It is written in the same transaction as
 * the change it describes, so history is complete; analytics (retention, activity, reply rate)
 * is computed from it later. Rows are never updated or deleted.
 */
export interface ActivityTable {
  id: string;
  actor_id: string | null;
  verb: string;
  subject_type: string;
  subject_id: string;
  data: string | null;
  created_at: string;
}

declare module '../db/index.ts' {
  interface Database {
    activities: ActivityTable;
  }
}

export interface ActivityInput {
  actorId: string | null;
  /** `<module>.<action>`, e.g. `content.post.created`. */
  verb: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
  /** When it happened, if not now (imported or generated history); the id carries the same time. */
  at?: string;
}

export async function recordActivity(trx: Kysely<Database>, input: ActivityInput): Promise<void> {
  await trx.insertInto('activities').values({
    id: input.at ? ulid(Date.parse(input.at)) : newId(),
    actor_id: input.actorId,
    verb: input.verb,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    data: input.data ? JSON.stringify(input.data) : null,
    created_at: input.at ?? nowIso(),
  }).execute();
}

export const activityMigrations: ModuleMigrations = {
  '20261126T0700_platform_activity': {
    async up(db, dialect) {
      const t = columnTypes(dialect);
      await db.schema.createTable('activities')
        .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
        .addColumn('actor_id', 'varchar(26)')
        .addColumn('verb', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject_type', 'varchar(32)', (c) => c.notNull())
        .addColumn('subject_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('data', t.json)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activities_actor').on('activities').columns(['actor_id', 'id']).execute();
      await db.schema.createIndex('activities_verb').on('activities').columns(['verb', 'id']).execute();
      // History is append-only: the database itself refuses edits.
      await makeAppendOnly(db, dialect, 'activities');
    },
  },
};
