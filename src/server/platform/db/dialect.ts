import { sql, type Kysely } from 'kysely';
import type { DialectName } from './index.ts';

/** The column types that differ between SQLite and PostgreSQL. Everything else is portable. */
export function columnTypes(dialect: DialectName) {
  return dialect === 'postgres'
    ? { timestamp: 'timestamptz', double: 'double precision', json: 'text', bigint: 'bigint' } as const
    : { timestamp: 'text', double: 'real', json: 'text', bigint: 'integer' } as const;
}

/** True when a write failed on a UNIQUE or PRIMARY KEY constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Makes the database itself refuse UPDATE and DELETE on a table (ledgers, history). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function makeAppendOnly(db: Kysely<any>, dialect: DialectName, table: string): Promise<void> {
  if (dialect === 'postgres') {
    await sql.raw(`create or replace function hearth_append_only() returns trigger language plpgsql as $$
      begin raise exception '% is append-only', tg_table_name; end $$`).execute(db);
    await sql.raw(`create trigger ${table}_append_only before update or delete on ${table}
      for each row execute function hearth_append_only()`).execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql.raw(`create trigger ${table}_no_${op} before ${op} on ${table}
        begin select raise(abort, '${table} is append-only'); end`).execute(db);
    }
  }
}
