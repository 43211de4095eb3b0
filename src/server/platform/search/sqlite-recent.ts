import { CompiledQuery, sql } from 'kysely';
import type { ReadStatement } from '../db/index.ts';
import type { IndexDb, IndexDoc } from './types.ts';

/**
 * The newest items have an FTS5 index of their own beside the full one. FTS5 can only walk a
 * word's list from either end: a bound on rids does not let it skip the part below the bound
 * (measured at six million items: two common words that seldom meet cost the same 3-50 ms
 * whether the rid range is 10,000 wide or the whole index, and a seek into the middle of one
 * common word's list 9-17 ms). In a table that holds only the newest items those lists are
 * short, so the first stretch of a search costs little whatever the words.
 *
 * The recent tables hold every indexed item whose rid is at or above the floor (kept in
 * search_recent_state, read by every query and write, so several processes agree on it).
 * New items go into both indexes; a background step moves the floor up and deletes what fell
 * below it; a rebuild fills the recent tables with its last items.
 */
export interface IndexPair {
  main: string;
  titles: string;
}

export const FULL: IndexPair = { main: 'search_fts', titles: 'search_titles' };
export const RECENT: IndexPair = { main: 'search_recent', titles: 'search_recent_titles' };
/** The main indexes (titles and bodies) and the title indexes, which rank title matches first,
 * of every item and of the newest ones. */
export const FTS_TABLES = [FULL.main, FULL.titles, RECENT.main, RECENT.titles] as const;

/** Rows per multi-row INSERT of a bulk load (3 parameters each, well under SQLite's 32,766). */
export const BULK_ROWS = 500;


/** Reads the floor (see floorOf); a search runs it on its own reader. */
export const RECENT_FLOOR_SQL = 'select floor from search_recent_state where id = 1';

/** The lowest rid the recent tables are sure to hold (above every rid: they hold nothing yet). */
export function floorOf(rows: { floor: number }[]): number {
  return rows[0]?.floor ?? Number.MAX_SAFE_INTEGER;
}

export async function recentFloor(db: IndexDb): Promise<number> {
  return floorOf((await db.executeQuery<{ floor: number }>(CompiledQuery.raw(RECENT_FLOOR_SQL, []))).rows);
}

const GENERATION_SQL = 'select generation from search_recent_state where id = 1';

/**
 * How many times the index was rebuilt (see SqliteSearchStore.clear): a rebuild numbers the
 * items from 1 again, so what a reader learnt a rid to be before one no longer holds after it.
 */
export async function indexGeneration(read: ReadStatement): Promise<number> {
  return (await read<{ generation: number }>(GENERATION_SQL, []))[0]?.generation ?? 0;
}

export async function nextGeneration(db: IndexDb): Promise<void> {
  await sql`update search_recent_state set generation = generation + 1 where id = 1`.execute(db);
}

export async function setRecentFloor(db: IndexDb, floor: number): Promise<void> {
  await sql`insert into search_recent_state (id, floor) values (1, ${floor})
    on conflict (id) do update set floor = excluded.floor`.execute(db);
}

/**
 * Writes a batch into one pair of tables: deletions first, then each table's rows together in
 * multi-row inserts (FTS5 writes its pending terms out as a new segment whenever another
 * table is written after it, so this gives one segment per table per batch).
 */
export async function writePair(trx: IndexDb, pair: IndexPair, gone: number[], added: { rid: number; doc: IndexDoc }[]): Promise<void> {
  // Deleting a rowid a contentless table never had is harmless.
  for (const rid of gone) await sql`delete from ${sql.table(pair.main)} where rowid = ${rid}`.execute(trx);
  for (let at = 0; at < added.length; at += BULK_ROWS) {
    const rows = added.slice(at, at + BULK_ROWS).map(({ rid, doc }) => sql`(${rid}, ${doc.titleTokens}, ${doc.bodyTokens})`);
    await sql`insert into ${sql.table(pair.main)} (rowid, title, body) values ${sql.join(rows)}`.execute(trx);
  }
  for (const rid of gone) await sql`delete from ${sql.table(pair.titles)} where rowid = ${rid}`.execute(trx);
  const titled = added.filter(({ doc }) => doc.titleTokens);
  for (let at = 0; at < titled.length; at += BULK_ROWS) {
    const rows = titled.slice(at, at + BULK_ROWS).map(({ rid, doc }) => sql`(${rid}, ${doc.titleTokens})`);
    await sql`insert into ${sql.table(pair.titles)} (rowid, title) values ${sql.join(rows)}`.execute(trx);
  }
}

/** Rids moved out of the recent tables per maintenance step (each a short transaction). */
const TRIM_CHUNK = 2000;

/**
 * How far past its size the recent index grows before a trim starts (see trimRecentStep).
 * Trims are kept rare because a deleted row stays in its segment as a tombstone until the
 * segment is rewritten, and FTS5 checks every rowid a query reads against the tombstones,
 * loading a page of them at a time: with 14,000 items trimmed from a merged recent index of
 * 115,000, its newest-matches read cost 1,044 µs a search against 121 before (large preset,
 * in-process), until the background merge rewrote the segment.
 */
const TRIM_START_FACTOR = 1.5;

export interface TrimStep {
  /** The items the recent index should hold. */
  size: number;
  /** Whether the previous step trimmed: a trim under way goes on down to `size`. */
  underWay: boolean;
  /** Items trimmed per step at most (TRIM_CHUNK unless given). */
  chunk?: number;
}

/**
 * Once the recent tables hold TRIM_START_FACTOR times as many items as they should, moves the
 * floor up and deletes what fell below it, a chunk at a time, until they hold `size` again.
 * Returns whether there was work. Stopping as soon as it was back under the start had kept the
 * index at the start size for good, a chunk trimmed (and tombstones added) for every chunk
 * written; now tombstones come once every half `size` of new items.
 */
export async function trimRecentStep(db: IndexDb, { size, underWay, chunk = TRIM_CHUNK }: TrimStep): Promise<boolean> {
  const floor = await recentFloor(db);
  const { rows } = await sql<{ last: number | null }>`select max(rid) as last from search_docs`.execute(db);
  const newest = rows[0]?.last ?? 0;
  const limit = underWay ? size : size * TRIM_START_FACTOR;
  if (floor === Number.MAX_SAFE_INTEGER || newest - floor + 1 <= limit) return false;
  const target = Math.min(newest - size + 1, floor + chunk);
  await db.transaction().execute(async (trx) => {
    const doomed = await sql<{ rid: number }>`select rid from search_docs where rid >= ${floor} and rid < ${target}`.execute(trx);
    // The floor first: FTS rows written after another table's row cost a segment each.
    await setRecentFloor(trx, target);
    await writePair(trx, RECENT, doomed.rows.map((r) => r.rid), []);
  });
  return true;
}
