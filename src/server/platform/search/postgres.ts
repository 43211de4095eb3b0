import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db } from '../db/index.ts';
import type { QueryNode } from './segmenter.ts';
import { frequencyOf, planFor, PostgresIndexFrequencies, type ReadPlan } from './postgres-plans.ts';
import { createGinIndexes, dropGinIndexes, hasGinIndexes } from './postgres-gin.ts';
import { emptyRecent, fillRecent, RECENT_OFF, RecentTrim } from './postgres-recent.ts';
import { OPEN_TOP, rankAndShow } from './ranking.ts';
import { type Band, type ClearOptions, type DocRef, type IndexDoc, type SearchStore, type StorePage, type StoreQuery } from './types.ts';

/** Tokens hold only letters, digits and marks, so quoting cannot be escaped from. */
export function toTsquery(node: QueryNode): string {
  switch (node.kind) {
    case 'term': return `'${node.token}'`;
    case 'prefix': return `'${node.token}':*`;
    case 'and': return `(${node.nodes.map(toTsquery).join(' & ')})`;
    case 'or': return `(${node.nodes.map(toTsquery).join(' | ')})`;
  }
}

/** Rows per multi-row INSERT of a bulk load (4 parameters each, under the protocol's 65,535). */
const BULK_ROWS = 1000;

/**
 * One item's row of search_docs: all its words, and its title words alone. Without positions
 * (strip): queries match words and prefixes, never phrases, and rank without ts_rank
 * (ranking.ts), so positions were dead weight, 38% of the column at the small preset.
 */
function documentRow(d: IndexDoc): RawBuilder<unknown> {
  return sql`(${d.type}, ${d.refId},
    strip(to_tsvector('simple', ${d.titleTokens}) || to_tsvector('simple', ${d.bodyTokens})),
    strip(to_tsvector('simple', ${d.titleTokens})))`;
}

export class PostgresSearchStore implements SearchStore {
  // The index table is not part of the typed Database.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly db: Kysely<any>;
  private readonly frequencies: PostgresIndexFrequencies;

  private readonly recentItems: number;
  private readonly sureWalk: number;
  private readonly trim: RecentTrim;

  constructor(db: Db, options: PostgresSearchOptions) {
    this.db = db;
    this.frequencies = new PostgresIndexFrequencies(db);
    this.recentItems = options.recentItems;
    this.sureWalk = options.sureWalk ?? SURE_WALK;
    this.trim = new RecentTrim(this.db, options.recentItems, options.trimDelayMs ?? TRIM_DELAY_MS);
  }

  async apply(upserts: IndexDoc[], removals: DocRef[]): Promise<void> {
    if (upserts.length === 0 && removals.length === 0) return;
    // A statement per chunk, not per item: each one is a round trip (a batch under load holds
    // dozens of items). The indexer's batches hold each item once, as ON CONFLICT requires.
    await this.db.transaction().execute(async (trx) => {
      // Items at or above the recent table's floor are copied there in the same statement.
      for (let at = 0; at < upserts.length; at += BULK_ROWS) {
        await sql`with written as (insert into search_docs (type, ref_id, doc, title_doc) values ${sql.join(upserts.slice(at, at + BULK_ROWS).map(documentRow))}
            on conflict (type, ref_id) do update set doc = excluded.doc, title_doc = excluded.title_doc
            returning rid, type, ref_id, doc, title_doc)
          insert into search_recent (rid, type, ref_id, doc, title_doc)
            select rid, type, ref_id, doc, title_doc from written where rid >= (select floor from search_recent_state)
          on conflict (rid) do update set doc = excluded.doc, title_doc = excluded.title_doc`.execute(trx);
      }
      for (let at = 0; at < removals.length; at += BULK_ROWS) {
        const refs = removals.slice(at, at + BULK_ROWS).map(({ type, refId }) => sql`(${type}, ${refId})`);
        await sql`with gone as (delete from search_docs where (type, ref_id) in (${sql.join(refs)}) returning rid)
          delete from search_recent where rid in (select rid from gone)`.execute(trx);
      }
    });
  }

  /** The migration that made the recent table filled it (see postgres-recent.ts). */
  async recentGap(): Promise<null> {
    return null;
  }

  async extendRecent(): Promise<void> {}

  async clear(_expectedItems?: number, options: ClearOptions = {}): Promise<void> {
    await emptyRecent(this.db);
    await sql`truncate search_docs restart identity`.execute(this.db);
    // optimize() builds them again.
    if (options.offline) await dropGinIndexes(this.db, 'search_docs');
  }

  async appendFresh(docs: IndexDoc[]): Promise<void> {
    // One multi-row INSERT per chunk; identity values follow the order of the rows. An item the
    // live indexer wrote meanwhile keeps its (newer) entry.
    for (let at = 0; at < docs.length; at += BULK_ROWS) {
      const chunk = docs.slice(at, at + BULK_ROWS);
      await sql`insert into search_docs (type, ref_id, doc, title_doc) values ${sql.join(chunk.map(documentRow))}
        on conflict (type, ref_id) do nothing`.execute(this.db);
    }
  }

  async isEmpty(): Promise<boolean> {
    if (!(await hasGinIndexes(this.db, 'search_docs'))) return true;
    const { rows } = await sql`select 1 from search_docs limit 1`.execute(this.db);
    return rows.length === 0;
  }

  async optimize(): Promise<void> {
    await this.db.transaction().execute((trx) => createGinIndexes(trx, 'search_docs'));
    // VACUUM moves what a bulk load left in the GIN pending lists into the indexes proper
    // (queries read pending lists end to end). Its statistics say which words are common
    // enough to walk the rid index for (postgres-plans.ts).
    await sql`vacuum (analyze) search_docs`.execute(this.db);
    await fillRecent(this.db, this.recentItems);
    this.frequencies.reset();
  }

  async backgroundMaintenance(): Promise<() => Promise<void>> {
    // The GIN indexes have their own pending lists and autovacuum; the recent table is trimmed.
    return () => this.trim.step();
  }

  async query<T>(q: StoreQuery<T>): Promise<StorePage<T>> {
    const types = q.types ? sql`and type in (${sql.join(q.types)})` : sql``;
    // In an InitPlan, the query is parsed once per statement rather than once per row a walk tests.
    const tsq = sql`(select to_tsquery('simple', ${toTsquery(q.node)}))`;
    const [frequencies, recent] = await Promise.all([this.frequencies.get(), this.frequencies.recentBounds()]);
    const window = q.limit + 1;
    const shares = { doc: frequencyOf(q.node, frequencies.doc), title_doc: frequencyOf(q.node, frequencies.title) };
    const recentRows = Math.max(1, recent.newest + 1 - recent.floor);
    const sureWalk = this.sureWalk;
    // A band at or above the floor is read from the recent table, whose statistics are taken to
    // be the whole index's. Below it, only words common enough to fill many pages walk:
    // words that each are common but seldom meet (a Chinese and an English one) look common to
    // the product of their shares, and their walk would test row after row to the end.
    const inRecent = (band: Band) => band.low > 0 && band.low >= recent.floor;
    const readOf = (band: Band, column: 'doc' | 'title_doc', before: number) => {
      const share = shares[column];
      const plan = inRecent(band) ? planFor(share, recentRows, window)
        : share >= sureWalk ? planFor(share, frequencies.rows, window) : 'gin';
      return tierRead(inRecent(band) ? 'search_recent' : 'search_docs', column, plan, tsq, band, before);
    };
    const titles = (band: Band, before: number, n: number) => {
      const read = readOf(band, 'title_doc', before);
      return sql`select rid, type, ref_id from ${read.table} where ${read.where} ${types} order by ${read.order} limit ${n}`;
    };
    const others = (band: Band, before: number, limit: RawBuilder<unknown> | number, gate: RawBuilder<unknown>) => {
      const read = readOf(band, 'doc', before);
      return sql`select 0 as tier, rid, type, ref_id from ${read.table}
        where ${gate} ${read.where} and not ts_match_vq(title_doc, ${tsq}) ${types} order by ${read.order} limit ${limit}`;
    };
    const db = this.db;
    return rankAndShow(q, {
      // One statement per window, both tiers in it: the other matches are read only when the
      // title matches do not fill the window (the count of titled is planned as a one-time
      // filter). Each statement is a round trip, and on a busy server the time spent sending
      // and waking for them was a quarter of the HTTP thread's.
      async walk(tier, band, before, n) {
        const found = tier === 1
          ? sql`with titled as (${titles(band, before, n)}), found as (select 1 as tier, * from titled union all
              (${others(band, band.top, sql`${n} - (select count(*) from titled)`, sql`(select count(*) from titled) < ${n} and`)}))`
          : sql`with found as (${others(band, before, n, sql``)})`;
        // On the first row only: the expression is evaluated once, but would be sent on every row.
        const alongside = q.alongside
          ? sql`, case when row_number() over (order by tier desc, rid desc) = 1 then ${q.alongside.expression} end as alongside`
          : sql``;
        const { rows } = await sql<FoundRow>`${found} select tier, rid, type, ref_id${alongside} from found order by tier desc, rid desc`.execute(db);
        if (q.alongside && rows.length > 0) q.alongside.receive(rows[0]!.alongside);
        return rows.map((r) => ({ tier: r.tier, rid: Number(r.rid), type: r.type, refId: r.ref_id }));
      },
      // The recent table first, as on SQLite: a page that reads it answers with what it found
      // there, even if short, and the next page reads the rest of the index as one band (GIN
      // reads a word's whole list whatever the rid range, so smaller bands would not bound the
      // work). Two words that each are common but seldom meet cost 30-50 ms in the whole index
      // at the large preset, against 1-2 ms in the recent table. While a rebuild runs, or on a
      // cursor from before the floor rose, the index is read whole.
      async bandBelow(top) {
        if (top === null && recent.floor < RECENT_OFF) return { low: Math.max(recent.floor, 1), top: OPEN_TOP, endsPage: true };
        return { low: 0, top: top ?? OPEN_TOP };
      },
    });
  }
}

export interface PostgresSearchOptions {
  /** Items the recent table holds (HEARTH_SEARCH_RECENT_ITEMS). */
  recentItems: number;
  /** From this share of the index up, a query walks the rid index below the recent table. */
  sureWalk?: number;
  /** How long the rows a trim leaves below the floor stay for readers that read the old one. */
  trimDelayMs?: number;
}

/** A walk below the recent table is sure to fill its windows soon from this share up; paging
 * on through such a word would otherwise read its many matches from GIN for every page. */
const SURE_WALK = 0.05;
/** Well beyond the second for which a reader keeps the floor it read. */
const TRIM_DELAY_MS = 10_000;

/**
 * A tier's table, conditions and order under a read plan. The statement runs as a named
 * prepared statement (platform/db/pg-prepared.ts), and its text alone fixes its generic plan:
 * a walk tests each row with ts_match_vq, which no index serves, so the rid index read
 * backwards is the only plan for `order by rid desc limit n`; a GIN read compares `rid + 0`,
 * which the rid index cannot serve (a generic plan had ANDed a bitmap of the whole rid range
 * into it).
 */
function tierRead(table: 'search_docs' | 'search_recent', column: 'doc' | 'title_doc', plan: ReadPlan, tsq: RawBuilder<unknown>, band: Band, before: number) {
  const rid = plan === 'walk' ? sql`rid` : sql`(rid + 0)`;
  const match = plan === 'walk' ? sql`ts_match_vq(${sql.ref(column)}, ${tsq})` : sql`${sql.ref(column)} @@ ${tsq}`;
  return { table: sql.table(table), where: sql`${match} and ${rid} < ${before} and ${rid} >= ${band.low}`, order: sql`${rid} desc` };
}

interface FoundRow {
  tier: number;
  rid: string | number;
  type: string;
  ref_id: string;
  alongside?: unknown;
}
