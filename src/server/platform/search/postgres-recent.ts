import { sql, type RawBuilder } from 'kysely';
import type { IndexDb } from './types.ts';
import { createGinIndexes, dropGinIndexes } from './postgres-gin.ts';

/**
 * PostgreSQL's index of the newest items: `search_recent` holds a copy of the search_docs rows
 * of every item whose rid is at or above the floor in `search_recent_state`, with GIN indexes of
 * its own. At the large preset a search reading search_docs' GIN index fetched every match from
 * a 6 GB heap, one random page each (2,774 pages and 33 ms for two words each on 1-2% of six
 * million items); the recent table's lists are sixty times shorter and its pages stay cached.
 * A search reads it first, then the rest of search_docs (see postgres.ts).
 */


/** The floor while a rebuild runs: nothing is copied, every search reads search_docs. */
export const RECENT_OFF = Number.MAX_SAFE_INTEGER;

/** Creates the table and fills it with the newest `size` items (a migration, inside its transaction). */
export async function createRecentTable(db: IndexDb, size: number): Promise<void> {
  await sql`create table search_recent (
    rid bigint primary key,
    type varchar(16) not null,
    ref_id varchar(64) not null,
    doc tsvector not null,
    title_doc tsvector not null
  )`.execute(db);
  await sql`create table search_recent_state (id integer primary key check (id = 1), floor bigint not null)`.execute(db);
  await sql`insert into search_recent_state (id, floor) values (1, ${RECENT_OFF})`.execute(db);
  await copyNewest(db, size);
  await sql`analyze search_recent`.execute(db);
}

/** After a bulk load: the newest `size` items are copied and the floor set below them. */
export async function fillRecent(db: IndexDb, size: number): Promise<void> {
  await db.transaction().execute((trx) => copyNewest(trx, size));
  await sql`vacuum (analyze) search_recent`.execute(db);
}

/** Inside a transaction: the table's GIN indexes are dropped for the copy and built after it,
 * so others see the table either as it was or filled (the small preset's 62,000 items: 3.3 s
 * with the indexes kept current, under 1 s with them built after). */
async function copyNewest(db: IndexDb, size: number): Promise<void> {
  await dropGinIndexes(db, 'search_recent');
  await setFloor(db, sql`greatest((select coalesce(max(rid), 0) from search_docs) + 1 - ${size}, 1)`);
  // Items the live indexer copied meanwhile are already there, as they are now.
  await sql`insert into search_recent (rid, type, ref_id, doc, title_doc)
    select rid, type, ref_id, doc, title_doc from search_docs where rid >= (select floor from search_recent_state)
    on conflict (rid) do nothing`.execute(db);
  await createGinIndexes(db, 'search_recent');
}

/** Written whether or not its row is there: `hearth seed --force` empties every table. */
async function setFloor(db: IndexDb, floor: RawBuilder<unknown> | number): Promise<void> {
  await sql`insert into search_recent_state (id, floor) values (1, ${floor})
    on conflict (id) do update set floor = excluded.floor`.execute(db);
}

/** Before a rebuild: nothing is copied until fillRecent. */
export async function emptyRecent(db: IndexDb): Promise<void> {
  await setFloor(db, RECENT_OFF);
  await sql`truncate search_recent`.execute(db);
}

export interface RecentBounds {
  floor: number;
  newest: number;
}

export async function readRecentBounds(db: IndexDb): Promise<RecentBounds> {
  const { rows } = await sql<{ floor: string | number; newest: string | number | null }>`
    select floor, (select max(rid) from search_docs) as newest from search_recent_state`.execute(db);
  return { floor: Number(rows[0]?.floor ?? RECENT_OFF), newest: Number(rows[0]?.newest ?? 0) };
}

/**
 * Keeps the recent table near its size: once it spans half as many items again, the floor
 * rises to `size` below the newest. A reader may go on for a moment with a floor it read before
 * (see PostgresIndexFrequencies), so the rows below a floor are deleted only once this process
 * has seen that floor stay for `delayMs`, whichever process raised it.
 */
export class RecentTrim {
  private seen: { floor: number; since: number } | null = null;
  private clearedBelow = 0;

  constructor(private readonly db: IndexDb, private readonly size: number, private readonly delayMs: number) {}

  async step(): Promise<void> {
    const { floor, newest } = await readRecentBounds(this.db);
    if (floor === RECENT_OFF) return;
    if (this.seen?.floor !== floor) {
      this.seen = { floor, since: Date.now() };
    } else if (this.clearedBelow < floor && Date.now() - this.seen.since >= this.delayMs) {
      await sql`delete from search_recent where rid < ${floor}`.execute(this.db);
      this.clearedBelow = floor;
    }
    if (newest + 1 - floor > this.size * 1.5) {
      await sql`update search_recent_state set floor = ${newest + 1 - this.size} where floor = ${floor}`.execute(this.db);
    }
  }
}
