import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/index.ts';
import { recentFloor, trimRecentStep } from './sqlite-recent.ts';
import { SqliteSearchStore } from './sqlite.ts';
import type { IndexDoc } from './types.ts';
import { openSearchTestDb, type SearchTestDb } from './sqlite-test-db.ts';

/**
 * The recent index of the SQLite store (sqlite-recent.ts), at the store's own level: it is a
 * SQLite structure (PostgreSQL's store has none), and its floor moves in background steps
 * that the HTTP tests cannot wait for. The same answers through HTTP, on both databases, are
 * checked in modules/search/recent.test.ts.
 */
describe('the recent index of the SQLite search store', () => {
  let handle: DbHandle;
  let db: SearchTestDb;
  const RECENT = 10;
  const doc = (n: number, body: string): IndexDoc => ({ type: 'post', refId: `p${n}`, titleTokens: '', bodyTokens: body });

  beforeAll(async () => {
    db = await openSearchTestDb();
    handle = db.handle;
  });
  afterAll(async () => { await db.dispose(); });

  /** Every match of the query, newest first, page after page. */
  async function everything(store: SqliteSearchStore, word: string): Promise<string[]> {
    const found: string[] = [];
    let after = null;
    for (let page = 0; page < 100; page += 1) {
      const res: Awaited<ReturnType<typeof store.query<string>>> = await store.query({
        node: { kind: 'term', token: word }, types: null, limit: 3, after,
        show: async (docs) => docs.map((d) => d.refId),
      });
      found.push(...res.hits.map((h) => h.item));
      if (!res.next) return found;
      after = res.next;
    }
    throw new Error('too many pages');
  }

  it('keeps answering every match while its floor moves up and old items leave it', async () => {
    const store = new SqliteSearchStore(handle.db, { bandBudget: 2, recentItems: RECENT });
    await store.clear(0);
    const docs = Array.from({ length: 40 }, (_, i) => doc(i + 1, i % 3 === 0 ? 'common rare' : 'common'));
    await store.appendFresh(docs.slice(0, 20));
    for (const d of docs.slice(20)) await store.apply([d], []);
    const expected = docs.filter((_, i) => i % 3 === 0).map((d) => d.refId).reverse();
    expect(await everything(store, 'rare')).toEqual(expected);
    // A rebuild announced 40 items: the floor sits under the newest ten.
    expect(await recentFloor(handle.db)).toBe(1);

    // A trim starts once the recent index holds half as many items again as it should
    // (40 > 26 * 1.5) and, under way, goes on down to its size, though each step leaves it
    // under the start.
    expect(await trimRecentStep(handle.db, { size: 27, underWay: false })).toBe(false);
    expect(await trimRecentStep(handle.db, { size: 26, underWay: false, chunk: 2 })).toBe(true);
    expect(await recentFloor(handle.db)).toBe(3);
    expect(await trimRecentStep(handle.db, { size: 26, underWay: false, chunk: 2 })).toBe(false);
    expect(await trimRecentStep(handle.db, { size: 26, underWay: true, chunk: 10 })).toBe(true);
    expect(await recentFloor(handle.db)).toBe(13);
    expect(await trimRecentStep(handle.db, { size: 26, underWay: true, chunk: 10 })).toBe(true);
    expect(await recentFloor(handle.db)).toBe(15);
    expect(await trimRecentStep(handle.db, { size: 26, underWay: true, chunk: 10 })).toBe(false);
    while (await trimRecentStep(handle.db, { size: RECENT, underWay: true, chunk: 4 }));
    expect(await recentFloor(handle.db)).toBe(31);
    const recentRids = async (word: string) => (await sql<{ rid: number }>`select rowid as rid from search_recent
      where search_recent match ${`"${word}"`} order by rowid`.execute(handle.db)).rows.map((r) => r.rid);
    expect(await recentRids('common')).toEqual(Array.from({ length: 10 }, (_, i) => 31 + i));
    expect(await everything(store, 'rare')).toEqual(expected);
    expect(await everything(store, 'common')).toEqual(docs.map((d) => d.refId).reverse());

    // Items edited below the floor stay out of the recent index, but are found.
    await store.apply([doc(4, 'edited'), doc(41, 'edited')], []);
    expect(await everything(store, 'edited')).toEqual(['p41', 'p4']);
    expect(await recentRids('edited')).toEqual([41]);
  });

  it('puts the last items of a rebuild in the recent index', async () => {
    const store = new SqliteSearchStore(handle.db, { bandBudget: 2, recentItems: RECENT });
    await store.clear(25);
    expect(await recentFloor(handle.db)).toBe(16);
    await store.appendFresh(Array.from({ length: 25 }, (_, i) => doc(100 + i, i % 2 ? 'odd' : 'even')));
    expect(await everything(store, 'odd')).toEqual(Array.from({ length: 12 }, (_, i) => `p${100 + 23 - 2 * i}`));
  });
});
