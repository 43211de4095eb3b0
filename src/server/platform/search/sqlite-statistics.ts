import { sql, type Kysely } from 'kysely';

/** The tables FTS5 keeps each index in. */
const SHADOW_SUFFIXES = ['_data', '_idx', '_docsize', '_config', '_content'];
/** The row count SQLite assumes for a table it has no statistics for (2^20). */
const SQLITE_DEFAULT_ROWS = '1048576';

/**
 * Removes ANALYZE's statistics for FTS5's shadow tables, so that SQLite plans FTS5's own
 * statements with its defaults. Statistics gathered while an index was nearly empty (the
 * seeder ran ANALYZE before building the index: "2 rows") turned FTS5's range delete of a
 * merged segment's pages into a scan of the whole index: 22 s for each merge at six million
 * items, during which every request waited. A connection keeps the statistics it loaded
 * until it reopens, so this one is first given the defaults, then the rows go.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function forgetSearchIndexStatistics(db: Kysely<any>): Promise<void> {
  const { rows: stat } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'sqlite_stat1'`.execute(db);
  if (stat.length === 0) return;
  const { rows: fts } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and sql like 'create virtual table%using fts5%'`.execute(db);
  const shadows = fts.flatMap(({ name }) => SHADOW_SUFFIXES.map((suffix) => `${name}${suffix}`));
  if (shadows.length === 0) return;
  const { rows: stale } = await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1 where tbl in (${sql.join(shadows)})`.execute(db);
  if (stale.length === 0) return;
  await sql`update sqlite_stat1 set stat = ${SQLITE_DEFAULT_ROWS} where tbl in (${sql.join(shadows)}) and idx is null`.execute(db);
  await sql`analyze sqlite_schema`.execute(db);
  await sql`delete from sqlite_stat1 where tbl in (${sql.join(shadows)})`.execute(db);
}
