import { sql } from 'kysely';
import type { IndexDb } from './types.ts';

/** Each search table's GIN indexes: all of an item's words, and its title words alone. */
const GIN_COLUMNS = ['doc', 'title_doc'] as const;

export type SearchTable = 'search_docs' | 'search_recent';

export async function dropGinIndexes(db: IndexDb, table: SearchTable): Promise<void> {
  for (const column of GIN_COLUMNS) await sql`drop index if exists ${sql.id(`${table}_${column}`)}`.execute(db);
}

/** False after an offline rebuild that did not finish: every search would read the whole table. */
export async function hasGinIndexes(db: IndexDb, table: SearchTable): Promise<boolean> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from pg_indexes
    where schemaname = current_schema() and tablename = ${table} and indexname in (${sql.join(GIN_COLUMNS.map((c) => `${table}_${c}`))})`.execute(db);
  return Number(rows[0]!.n) === GIN_COLUMNS.length;
}

/**
 * Builds a table's GIN indexes where they are missing, each in one sort of its rows: with them
 * kept current one item at a time, the large seed's search index took 21 minutes (GIN pages
 * rewritten, with their WAL, over and over), 5 with them built after (on a machine about twice
 * as fast). Runs inside a transaction, whose memory setting it raises. A short pending list, as
 * every search table's (see migrations.ts).
 */
export async function createGinIndexes(db: IndexDb, table: SearchTable): Promise<void> {
  await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  for (const column of GIN_COLUMNS) {
    await sql`create index if not exists ${sql.id(`${table}_${column}`)} on ${sql.table(table)}
      using gin (${sql.ref(column)}) with (gin_pending_list_limit = 64)`.execute(db);
  }
}
