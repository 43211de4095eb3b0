import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, runMigrations, type DbHandle } from '../db/index.ts';
import { dbTargets, dropPgSchema, uniqueName } from '../testing/index.ts';
import { searchIndexMigrations } from './migrations.ts';
import { frequencyOf, planFor, PostgresIndexFrequencies, type ColumnFrequencies } from './postgres-plans.ts';
import { PostgresSearchStore } from './postgres.ts';
import type { QueryNode } from './segmenter.ts';
import type { IndexDoc, SearchPosition } from './types.ts';

const term = (token: string): QueryNode => ({ kind: 'term', token });
const column: ColumnFrequencies = { of: new Map([['社区', 0.2], ['活动', 0.1], ['社团', 0.05]]), floor: 0.001 };

describe('PostgreSQL search read plans', () => {
  it('estimates a query from its words as PostgreSQL does: unknown words at the floor, words independent', () => {
    expect(frequencyOf(term('社区'), column)).toBe(0.2);
    expect(frequencyOf(term('从未见过'), column)).toBe(0.001);
    expect(frequencyOf({ kind: 'and', nodes: [term('社区'), term('活动')] }, column)).toBeCloseTo(0.02);
    expect(frequencyOf({ kind: 'or', nodes: [term('社区'), term('活动')] }, column)).toBeCloseTo(0.28);
    // A prefix matches every known word it starts, and some unknown ones.
    expect(frequencyOf({ kind: 'prefix', token: '社' }, column)).toBeCloseTo(0.251);
  });

  it('walks the newest rows for common words and reads the GIN index for rare ones', () => {
    const plan = (token: string, rows: number, of = column) => planFor(frequencyOf(term(token), of), rows, 25);
    expect(plan('社区', 1_000_000)).toBe('walk');
    // Rare: walking would test 25,000 rows for 1,000 matches.
    expect(plan('从未见过', 1_000_000)).toBe('gin');
    // Common, but the whole index holds fewer matches than a walk would test rows.
    expect(plan('社团', 100)).toBe('gin');
    // Never analyzed: nothing is known to be common.
    expect(plan('社区', 0, { of: new Map(), floor: 0 })).toBe('gin');
  });
});

/** The same answers whichever plan and table read them, on an index PostgreSQL has statistics for. */
describe.each(dbTargets().filter((t) => t.name === 'postgres'))('PostgreSQL search store on an analyzed index', (target) => {
  const schema = uniqueName('plans').toLowerCase();
  let handle: DbHandle;
  let store: PostgresSearchStore;
  const COUNT = 400;
  const RECENT = 100;
  // Every item has 'common' in its body and three in four in their title; a few have 'rare'.
  const rareAt = [37, 150, 301];
  const titledAt = (i: number) => i % 4 !== 3;
  const docOf = (i: number): IndexDoc => ({
    type: 'post', refId: `p${i}`, titleTokens: titledAt(i) ? `common t${i}` : `t${i}`,
    bodyTokens: `common filler${i % 7}${rareAt.includes(i) ? ' rare' : ''}`,
  });
  let count = COUNT;

  beforeAll(async () => {
    handle = await openDb(target.url!, { pgSchema: schema });
    await runMigrations(handle.db, 'postgres', [searchIndexMigrations]);
    store = new PostgresSearchStore(handle.db, { recentItems: RECENT, trimDelayMs: 0 });
    await store.appendFresh(Array.from({ length: COUNT }, (_, i) => docOf(i)));
    await store.optimize();
  });
  afterAll(async () => {
    await handle.close();
    await dropPgSchema(target.url!, schema);
  });

  it('reads the statistics that choose each plan', async () => {
    const frequencies = await new PostgresIndexFrequencies(handle.db).get();
    expect(frequencies.rows).toBe(COUNT);
    expect(planFor(frequencyOf(term('common'), frequencies.doc), frequencies.rows, 25)).toBe('walk');
    expect(planFor(frequencyOf(term('common'), frequencies.title), frequencies.rows, 25)).toBe('walk');
    expect(planFor(frequencyOf(term('rare'), frequencies.doc), frequencies.rows, 25)).toBe('gin');
  });

  async function everything(node: QueryNode, from = store): Promise<string[]> {
    const found: string[] = [];
    let after: SearchPosition | null = null;
    for (let page = 0; page < 200; page += 1) {
      const res: Awaited<ReturnType<typeof store.query<string>>> = await from.query({
        node, types: null, limit: 7, after, show: async (shown) => shown.map((d) => d.refId),
      });
      found.push(...res.hits.map((h) => h.item));
      if (!res.next) return found;
      after = res.next;
    }
    throw new Error('too many pages');
  }

  /** Newest first, the items from index `low` up (title matches, then the rest), then those below. */
  function inBands(low: number): string[] {
    const tiers = (items: number[]) => [...items.filter(titledAt), ...items.filter((i) => !titledAt(i))];
    const newestFirst = Array.from({ length: count }, (_, i) => count - 1 - i);
    return [...tiers(newestFirst.filter((i) => i >= low)), ...tiers(newestFirst.filter((i) => i < low))].map((i) => `p${i}`);
  }

  const recentRows = async () => Number((await sql<{ n: string }>`select count(*) as n from search_recent`.execute(handle.db)).rows[0]!.n);

  it('pages through a common word, the newest items (the recent table) first, each band by tier', async () => {
    expect(await recentRows()).toBe(RECENT);
    expect(await everything(term('common'))).toEqual(inBands(COUNT - RECENT));
  });

  it('finds a rare word among common ones through the GIN indexes of both tables', async () => {
    const expected = rareAt.map((i) => `p${i}`).reverse();
    expect(await everything(term('rare'))).toEqual(expected);
    expect(await everything({ kind: 'and', nodes: [term('common'), term('rare')] })).toEqual(expected);
    expect(await everything({ kind: 'and', nodes: [term('rare'), term('nowhere')] })).toEqual([]);
  });

  it('copies new items to the recent table and trims it, later than a reader may still read it', async () => {
    // A reader that read the floor before the trim (it keeps it for a second).
    const reader = new PostgresSearchStore(handle.db, { recentItems: RECENT });
    expect(await everything(term('common'), reader)).toEqual(inBands(COUNT - RECENT));
    await store.apply(Array.from({ length: 200 }, (_, i) => docOf(COUNT + i)), []);
    count = COUNT + 200;
    expect(await recentRows()).toBe(RECENT + 200);
    const slowTrim = new PostgresSearchStore(handle.db, { recentItems: RECENT, trimDelayMs: 60_000 });
    const step = await slowTrim.backgroundMaintenance();
    await step();
    await step();
    // The floor rose, and the rows below it are still there for the reader.
    expect(await recentRows()).toBe(RECENT + 200);
    expect(await everything(term('rare'), reader)).toEqual(rareAt.map((i) => `p${i}`).reverse());
    expect((await everything(term('common'), reader)).length).toBe(count);
    // A reader with the new floor reads the newest 100 first.
    const fresh = new PostgresSearchStore(handle.db, { recentItems: RECENT });
    expect(await everything(term('common'), fresh)).toEqual(inBands(count - RECENT));
    // And once the delay is over, they go.
    const quickTrim = await store.backgroundMaintenance();
    await quickTrim();
    await quickTrim();
    expect(await recentRows()).toBe(RECENT);
    expect(await everything(term('common'), fresh)).toEqual(inBands(count - RECENT));
  });

  it('keeps removed and rewritten items out of both tables', async () => {
    const newest = `p${count - 1}`;
    await store.apply([{ type: 'post', refId: newest, titleTokens: 'changed', bodyTokens: 'changed' }], [{ type: 'post', refId: `p${count - 2}` }]);
    const fresh = new PostgresSearchStore(handle.db, { recentItems: RECENT });
    const found = await everything(term('common'), fresh);
    expect(found).not.toContain(newest);
    expect(found).not.toContain(`p${count - 2}`);
    expect(found.length).toBe(count - 2);
    expect(await everything(term('changed'), fresh)).toEqual([newest]);
  });

  it('rebuilds offline, after `seed --force` emptied every table, with the recent table filled and every index back', async () => {
    await sql`truncate search_docs, search_recent, search_recent_state`.execute(handle.db);
    await store.clear(COUNT, { offline: true });
    const indexes = async () => (await sql<{ indexname: string }>`select indexname from pg_indexes
      where schemaname = current_schema() and indexdef like '%USING gin%' order by indexname`.execute(handle.db)).rows.map((r) => r.indexname);
    expect(await indexes()).toEqual(['search_recent_doc', 'search_recent_title_doc']);
    count = COUNT;
    await store.appendFresh(Array.from({ length: COUNT }, (_, i) => docOf(i)));
    // Interrupted here, the index would count as empty: a server starting on it rebuilds it.
    expect(await store.isEmpty()).toBe(true);
    await store.optimize();
    expect(await store.isEmpty()).toBe(false);
    expect(await indexes()).toEqual(['search_docs_doc', 'search_docs_title_doc', 'search_recent_doc', 'search_recent_title_doc']);
    expect(await recentRows()).toBe(RECENT);
    const fresh = new PostgresSearchStore(handle.db, { recentItems: RECENT });
    expect(await everything(term('common'), fresh)).toEqual(inBands(COUNT - RECENT));
    expect(await everything(term('rare'), fresh)).toEqual(rareAt.map((i) => `p${i}`).reverse());
  });
});
