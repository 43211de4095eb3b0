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

  it('walks the newest rows for common words in a large index and reads the GIN index otherwise', () => {
    expect(planFor(term('社区'), column, 1_000_000, 25)).toBe('walk');
    // Rare: walking would read 25,000 rows for 1,000 matches.
    expect(planFor(term('从未见过'), column, 1_000_000, 25)).toBe('gin');
    // Common, but the whole index holds fewer matches than a walk would read.
    expect(planFor(term('社团'), column, 5_000, 25)).toBe('gin');
    // Never analyzed: nothing is known to be common.
    expect(planFor(term('社区'), { of: new Map(), floor: 0 }, 0, 25)).toBe('gin');
  });
});

/** The same answers whichever plan reads them, on an index PostgreSQL has statistics for. */
describe.each(dbTargets().filter((t) => t.name === 'postgres'))('PostgreSQL search store on an analyzed index', (target) => {
  const schema = uniqueName('plans').toLowerCase();
  let handle: DbHandle;
  let store: PostgresSearchStore;
  const COUNT = 400;
  // Every item has 'common' in its body and three in four in their title; a few have 'rare'.
  const rareAt = [37, 150, 301];
  const titledAt = (i: number) => i % 4 !== 3;
  const docs: IndexDoc[] = Array.from({ length: COUNT }, (_, i) => ({
    type: 'post', refId: `p${i}`, titleTokens: titledAt(i) ? `common t${i}` : `t${i}`,
    bodyTokens: `common filler${i % 7}${rareAt.includes(i) ? ' rare' : ''}`,
  }));

  beforeAll(async () => {
    handle = await openDb(target.url!, { pgSchema: schema });
    await runMigrations(handle.db, 'postgres', [searchIndexMigrations]);
    store = new PostgresSearchStore(handle.db);
    await store.appendFresh(docs);
    await store.optimize();
  });
  afterAll(async () => {
    await handle.close();
    await dropPgSchema(target.url!, schema);
  });

  it('reads the statistics that choose each plan', async () => {
    const frequencies = await new PostgresIndexFrequencies(handle.db).get();
    expect(frequencies.rows).toBe(COUNT);
    expect(planFor(term('common'), frequencies.doc, frequencies.rows, 25)).toBe('walk');
    expect(planFor(term('common'), frequencies.title, frequencies.rows, 25)).toBe('walk');
    expect(planFor(term('rare'), frequencies.doc, frequencies.rows, 25)).toBe('gin');
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

  /** Newest first, the items from `low` up (title matches, then the rest), then those below. */
  function inBands(low: number): string[] {
    const tiers = (items: number[]) => [...items.filter(titledAt), ...items.filter((i) => !titledAt(i))];
    const newestFirst = docs.map((_, i) => i).reverse();
    return [...tiers(newestFirst.filter((i) => i >= low)), ...tiers(newestFirst.filter((i) => i < low))].map((i) => `p${i}`);
  }

  it('pages through a common word walked newest first: title matches, then the rest', async () => {
    expect(await everything(term('common'))).toEqual(inBands(0));
  });

  it('walks a band of the newest rows when not sure the words are common, and reads the rest from GIN', async () => {
    const unsure = new PostgresSearchStore(handle.db, 1.01);
    const found = await everything(term('common'), unsure);
    // Some split of the items, neither none nor all of them above it: tiers hold within a band.
    const low = Array.from({ length: COUNT - 2 }, (_, i) => i + 2).find((l) => found.join() === inBands(l).join());
    expect(low).toBeDefined();
  });

  it('finds a rare word among common ones through the GIN index', async () => {
    const expected = rareAt.map((i) => `p${i}`).reverse();
    expect(await everything(term('rare'))).toEqual(expected);
    expect(await everything({ kind: 'and', nodes: [term('common'), term('rare')] })).toEqual(expected);
    expect(await everything({ kind: 'and', nodes: [term('rare'), term('nowhere')] })).toEqual([]);
  });
});
