import { sql, type Kysely } from 'kysely';
import { readThrough, type Db, type ReadStatement } from '../db/index.ts';
import type { QueryNode } from './segmenter.ts';
import { OPEN_TOP, rankAndShow, walkInTurn } from './ranking.ts';
import { IndexMaintenance, ONLINE_MERGE_MAX_ROWS, RECENT_OPTIMIZE_EVERY_MS, type MaintenanceOptions } from './sqlite-maintenance.ts';
import {
  BULK_ROWS, floorOf, FTS_TABLES, FULL, nextGeneration, RECENT, RECENT_FLOOR_SQL, recentFloor, setRecentFloor, writePair, type IndexPair,
} from './sqlite-recent.ts';
import { type Band, type DocRef, type FoundRef, type IndexDoc, type SearchStore, type StorePage, type StoreQuery } from './types.ts';

/** Tokens hold only letters, digits and marks, so quoting cannot be escaped from. */
export function toFts5(node: QueryNode): string {
  switch (node.kind) {
    case 'term': return `"${node.token}"`;
    case 'prefix': return `"${node.token}"*`;
    case 'and': return `(${node.nodes.map(toFts5).join(' AND ')})`;
    case 'or': return `(${node.nodes.map(toFts5).join(' OR ')})`;
  }
}


export interface SqliteSearchOptions {
  /** Index entries one band of a search is sized to walk (see rankAndShow). */
  bandBudget: number;
  /** Newest items kept in the recent index as well (see sqlite-recent.ts). */
  recentItems: number;
  /** The most items the segments of an online merge may hold together (default ONLINE_MERGE_MAX_ROWS). */
  onlineMergeMaxRows?: number;
  /** The least time between two merges of the recent index into one segment (default RECENT_OPTIMIZE_EVERY_MS). */
  recentOptimizeEveryMs?: number;
  /**
   * Runs a search's read statements straight on the connection (a read worker's, see
   * platform/threads), skipping Kysely's query building and connection lease: with five or
   * so small statements a search, those had been a tenth of its time. Unset: through Kysely.
   */
  readRows?: <R>(text: string, parameters: readonly unknown[]) => R[];
}

const docKey = (d: DocRef) => `${d.type}:${d.refId}`;

/** The rids of the items already in the index, by docKey: one statement per type and chunk. */
async function storedRids(trx: Kysely<any>, docs: DocRef[]): Promise<Map<string, number>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const found = new Map<string, number>();
  const byType = new Map<string, Set<string>>();
  for (const d of docs) {
    const refs = byType.get(d.type);
    if (refs) refs.add(d.refId);
    else byType.set(d.type, new Set([d.refId]));
  }
  for (const [type, refSet] of byType) {
    const refIds = [...refSet];
    for (let at = 0; at < refIds.length; at += BULK_ROWS) {
      const { rows } = await sql<{ rid: number; ref_id: string }>`select rid, ref_id from search_docs
        where type = ${type} and ref_id in (${sql.join(refIds.slice(at, at + BULK_ROWS))})`.execute(trx);
      for (const r of rows) found.set(docKey({ type: type as DocRef['type'], refId: r.ref_id }), r.rid);
    }
  }
  return found;
}

/** Gives new items (each once) their rids, one multi-row insert per chunk, by docKey. */
async function addDocs(trx: Kysely<any>, docs: DocRef[]): Promise<Map<string, number>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const added = new Map<string, number>();
  for (let at = 0; at < docs.length; at += BULK_ROWS) {
    const chunk = docs.slice(at, at + BULK_ROWS);
    // RETURNING's order is not the VALUES order: each row says which item it is.
    const { rows } = await sql<{ rid: number; type: DocRef['type']; ref_id: string }>`insert into search_docs (type, ref_id)
      values ${sql.join(chunk.map((d) => sql`(${d.type}, ${d.refId})`))} returning rid, type, ref_id`.execute(trx);
    for (const r of rows) added.set(docKey({ type: r.type, refId: r.ref_id }), r.rid);
  }
  return added;
}

export class SqliteSearchStore implements SearchStore {
  // The FTS5 and bookkeeping tables are not part of the typed Database.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly db: Kysely<any>;
  private readonly bandBudget: number;
  private readonly recentItems: number;
  private readonly maintenance: MaintenanceOptions;
  private readonly densities = new Map<string, { density: number; until: number }>();
  private newest = { rid: 0, until: 0 };
  /** A read statement of a search (see SqliteSearchOptions.readRows). */
  private readonly read: ReadStatement;

  constructor(db: Db, options: SqliteSearchOptions) {
    this.db = db;
    this.bandBudget = options.bandBudget;
    this.recentItems = options.recentItems;
    this.maintenance = {
      recentItems: options.recentItems,
      onlineMergeMaxRows: options.onlineMergeMaxRows ?? ONLINE_MERGE_MAX_ROWS,
      recentOptimizeEveryMs: options.recentOptimizeEveryMs ?? RECENT_OPTIMIZE_EVERY_MS,
    };
    this.read = options.readRows ?? readThrough(db);
  }

  async apply(upserts: IndexDoc[], removals: DocRef[]): Promise<void> {
    if (upserts.length === 0 && removals.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // FTS5 writes its pending terms out whenever another table is written after it in the
      // same transaction, so the bookkeeping goes first and the FTS statements all together:
      // interleaved, a batch of 200 cost 27 times as much.
      // An item given twice is indexed once, as given last.
      const docs = [...new Map(upserts.map((d) => [docKey(d), d])).values()];
      const stored = await storedRids(trx, [...docs, ...removals]);
      const fresh = await addDocs(trx, docs.filter((d) => !stored.has(docKey(d))));
      const replaced: number[] = [];
      const added: { rid: number; doc: IndexDoc }[] = [];
      for (const doc of docs) {
        const rid = stored.get(docKey(doc));
        if (rid !== undefined) replaced.push(rid);
        added.push({ rid: rid ?? fresh.get(docKey(doc))!, doc });
      }
      const removed = removals.map((d) => stored.get(docKey(d))).filter((rid) => rid !== undefined);
      const gone = [...replaced, ...removed];
      const floor = await recentFloor(trx);
      await writePair(trx, FULL, gone, added);
      await writePair(trx, RECENT, gone.filter((rid) => rid >= floor), added.filter(({ rid }) => rid >= floor));
      if (removed.length > 0) await sql`delete from search_docs where rid in (${sql.join(removed)})`.execute(trx);
    });
  }

  async clear(expectedItems?: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // The rebuild's last items (rids count up from 1 again) are the recent ones.
      await setRecentFloor(trx, expectedItems === undefined ? Number.MAX_SAFE_INTEGER : Math.max(1, expectedItems - this.recentItems + 1));
      await nextGeneration(trx);
      for (const table of FTS_TABLES) await sql`insert into ${sql.table(table)} (${sql.ref(table)}) values ('delete-all')`.execute(trx);
      await sql`delete from search_docs`.execute(trx);
    });
  }

  async appendFresh(docs: IndexDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ last: number | null }>`select max(rid) as last from search_docs`.execute(trx);
      const first = (rows[0]?.last ?? 0) + 1;
      const fresh: { rid: number; doc: IndexDoc }[] = [];
      // All bookkeeping first, then each FTS table's rows together: FTS5 writes its pending
      // terms out as a new segment whenever another table is written after it, so a batch
      // gives one segment per table instead of one per chunk and table.
      for (let at = 0; at < docs.length; at += BULK_ROWS) {
        const chunk = docs.slice(at, at + BULK_ROWS);
        // An item the live indexer wrote meanwhile keeps its (newer) entry.
        const added = await sql<{ rid: number }>`insert into search_docs (rid, type, ref_id)
          values ${sql.join(chunk.map((d, i) => sql`(${first + at + i}, ${d.type}, ${d.refId})`))}
          on conflict (type, ref_id) do nothing returning rid`.execute(trx);
        const kept = new Set(added.rows.map((r) => r.rid));
        chunk.forEach((doc, i) => { if (kept.has(first + at + i)) fresh.push({ rid: first + at + i, doc }); });
      }
      const floor = await recentFloor(trx);
      await writePair(trx, FULL, [], fresh);
      await writePair(trx, RECENT, [], fresh.filter(({ rid }) => rid >= floor));
    });
  }

  async recentGap(): Promise<{ floor: number; items: ({ rid: number } & DocRef)[] } | null> {
    const floor = await recentFloor(this.db);
    const { rows } = await sql<{ last: number | null }>`select max(rid) as last from search_docs`.execute(this.db);
    const newest = rows[0]?.last ?? 0;
    const wanted = Math.max(1, newest - this.recentItems + 1);
    if (floor <= wanted) return null;
    const items = await sql<{ rid: number; type: string; ref_id: string }>`select rid, type, ref_id from search_docs
      where rid >= ${wanted} and rid < ${floor} order by rid`.execute(this.db);
    return { floor: wanted, items: items.rows.map((r) => ({ rid: r.rid, type: r.type, refId: r.ref_id })) };
  }

  async extendRecent(floor: number, items: { rid: number; doc: IndexDoc }[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await recentFloor(trx);
      if (floor >= current) return;
      // Only what lies under the current floor: items above it are there already, kept current.
      const below = items.filter(({ rid }) => rid >= floor && rid < current);
      await setRecentFloor(trx, floor);
      await writePair(trx, RECENT, [], below);
    });
  }

  async isEmpty(): Promise<boolean> {
    const { rows } = await sql`select 1 from search_docs limit 1`.execute(this.db);
    return rows.length === 0;
  }

  async optimize(): Promise<void> {
    for (const table of FTS_TABLES) await sql`insert into ${sql.table(table)} (${sql.ref(table)}) values ('optimize')`.execute(this.db);
  }

  /** Turns FTS5's merging inside writes off and returns a step that trims and merges (see sqlite-maintenance.ts). */
  async backgroundMaintenance(): Promise<() => Promise<void>> {
    return new IndexMaintenance(this.db, this.maintenance).start();
  }

  async query<T>(q: StoreQuery<T>): Promise<StorePage<T>> {
    const match = toFts5(q.node);
    // A band at or above the floor is read from the recent index, once that holds enough items
    // to be worth it (after a migration it starts empty; a reindex fills it at once).
    const floor = floorOf(await this.read<{ floor: number }>(RECENT_FLOOR_SQL, []));
    const ready = floor <= 1 || (await this.newestRid()) - floor + 1 >= this.recentItems / 2;
    const pairOf = (band: Band): IndexPair => (ready && band.low >= floor ? RECENT : FULL);
    // What each rid is comes from the caller where it knows (see StoreQuery.known), else
    // from the FTS table joined to the docs (CROSS JOIN keeps FTS as the outer loop, so its
    // rowid order still ends the scan early). Table names are our own constants; everything
    // else is a parameter.
    const newest = async (kind: keyof IndexPair, band: Band, before: number, n: number): Promise<FoundRef[]> => {
      const table = pairOf(band)[kind];
      if (q.types || !q.known) {
        const types = q.types ? ` and d.type in (${q.types.map(() => '?').join(', ')})` : '';
        const rows = await this.read<FoundRow>(`select f.rowid as rid, d.type, d.ref_id
          from "${table}" f cross join search_docs d on d.rid = f.rowid
          where "${table}" match ? and f.rowid < ? and f.rowid >= ?${types}
          order by f.rowid desc limit ?`, [match, before, band.low, ...(q.types ?? []), n]);
        return rows.map(foundRef);
      }
      const rows = await this.read<{ rid: number }>(`select rowid as rid from "${table}"
        where "${table}" match ? and rowid < ? and rowid >= ? order by rowid desc limit ?`, [match, before, band.low, n]);
      return this.identify(rows.map((r) => r.rid), q.known);
    };
    // Title matches among rids low..high (they were shown in the first tier).
    const titledBetween = async (band: Band, low: number, high: number) => {
      const table = pairOf(band).titles;
      const rows = await this.read<{ rid: number }>(`select rowid as rid from "${table}" where "${table}" match ? and rowid between ? and ?`, [match, low, high]);
      return new Set(rows.map((r) => r.rid));
    };
    return rankAndShow(q, {
      // Titles have an index of their own: a filter on the title column of the main index
      // would read every body match of a common word to find the few title matches.
      walk: walkInTurn((band, before, n) => newest('titles', band, before, n), async (band, before, n) => {
        const out: FoundRef[] = [];
        let from = before;
        for (;;) {
          const batch = await newest('main', band, from, n + OTHERS_SPARE);
          if (batch.length === 0) return out;
          const titled = await titledBetween(band, batch[batch.length - 1]!.rid, batch[0]!.rid);
          for (const doc of batch) {
            if (titled.has(doc.rid)) continue;
            out.push(doc);
            if (out.length === n) return out;
          }
          if (batch.length < n + OTHERS_SPARE) return out;
          from = batch[batch.length - 1]!.rid;
        }
      }),
      bandBelow: async (top) => {
        // The first band is open at the top and sized from the newest rid known a moment ago:
        // items indexed since make it a little wider, never miss it.
        const start = top ?? (await this.newestRid()) + 1;
        const perRid = (await this.walkCost(q.node)).cost;
        const span = Math.max(MIN_BAND, Math.ceil(this.bandBudget / Math.max(perRid, Number.MIN_VALUE)));
        const low = span >= start ? 0 : start - span;
        // A band that would reach below the floor (but not to the bottom: rare words walk the
        // whole index cheaply) stops at it, is read from the recent index, and ends the page:
        // older items are searched when asked for, from the full index.
        if (ready && start > floor && low > 0 && low < floor) return { low: floor, top: top ?? OPEN_TOP, endsPage: true };
        return { low, top: top ?? OPEN_TOP };
      },
    });
  }

  /** What each rid is, in the order given: from `known`, else read (a rid no longer indexed is left out). */
  private async identify(rids: number[], known: (rid: number) => FoundRef | undefined): Promise<FoundRef[]> {
    const docs = rids.map(known);
    const unknown = rids.filter((_, i) => docs[i] === undefined);
    if (unknown.length === 0) return docs as FoundRef[];
    const read = new Map<number, FoundRef>();
    const rows = await this.read<FoundRow>(`select rid, type, ref_id from search_docs where rid in (${unknown.map(() => '?').join(', ')})`, unknown);
    for (const row of rows) read.set(row.rid, foundRef(row));
    return rids.flatMap((rid, i) => {
      const doc = docs[i] ?? read.get(rid);
      return doc ? [doc] : [];
    });
  }

  /** The newest rid, as of at most NEWEST_TTL_MS ago (only band sizes and density samples use it). */
  private async newestRid(): Promise<number> {
    if (this.newest.until > Date.now()) return this.newest.rid;
    const rows = await this.read<{ last: number | null }>('select max(rid) as last from search_docs', []);
    this.newest = { rid: rows[0]?.last ?? 0, until: Date.now() + NEWEST_TTL_MS };
    return this.newest.rid;
  }

  /**
   * About how many index entries FTS5 reads per rid it walks for this query, and how many of
   * the rids match. A word's entries are read one by one; AND skips through a long list to
   * the next rid of its rarest part, which costs a page lookup rather than the whole stretch.
   */
  private async walkCost(node: QueryNode): Promise<{ cost: number; density: number }> {
    if (node.kind === 'term' || node.kind === 'prefix') {
      const density = await this.density(toFts5(node));
      return { cost: density, density };
    }
    const parts = await Promise.all(node.nodes.map((n) => this.walkCost(n)));
    if (node.kind === 'or') {
      return { cost: sum(parts.map((p) => p.cost)), density: Math.min(1, sum(parts.map((p) => p.density))) };
    }
    const rarest = Math.min(...parts.map((p) => p.density));
    return { cost: sum(parts.map((p) => Math.min(p.cost, rarest * SEEK_COST))), density: rarest };
  }

  /** The share of the newest rids a word matches, remembered for a while (it changes slowly). */
  private async density(word: string): Promise<number> {
    const known = this.densities.get(word);
    if (known && known.until > Date.now()) return known.density;
    // Read from the newest end of the word's list, which FTS5 does fast. A count over a range
    // of rids read the word's whole list instead: 50-80 ms for a common word at six million
    // items, during which every other request waited.
    const rows = await this.read<{ n: number; low: number | null }>(`select count(*) as n, min(rid) as low from (
      select rowid as rid from search_fts where search_fts match ? order by rowid desc limit ?)`, [word, DENSITY_SAMPLE]);
    const found = Number(rows[0]!.n);
    const newest = await this.newestRid();
    const density = found < DENSITY_SAMPLE
      ? found / Math.max(1, newest) // every match it has
      : found / Math.max(1, newest - Number(rows[0]!.low) + 1);
    if (this.densities.size >= DENSITY_WORDS) this.densities.delete(this.densities.keys().next().value!);
    this.densities.set(word, { density, until: Date.now() + DENSITY_TTL_MS });
    return density;
  }
}

type FoundRow = { rid: number; type: string; ref_id: string };
const foundRef = (r: FoundRow): FoundRef => ({ rid: r.rid, type: r.type, refId: r.ref_id });

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A band never narrower than this many rids, so that paging always gets on. */
const MIN_BAND = 10;
/** A seek into a long list costs about as much as reading this many of its entries. */
const SEEK_COST = 64;
/** A word's density is its newest this many matches over the rids they span; how long it is
 * remembered, and for how many words. */
const DENSITY_SAMPLE = 256;
const DENSITY_TTL_MS = 10 * 60_000;
const DENSITY_WORDS = 10_000;
const NEWEST_TTL_MS = 1000;

/** Extra rows read per window of the second tier, where some turn out to be title matches. */
const OTHERS_SPARE = 8;
