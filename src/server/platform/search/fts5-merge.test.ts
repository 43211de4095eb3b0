import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/index.ts';
import { bigMergeMayFollow, decodeStructure, nextMergeInput, readStructure, type Fts5Level } from './fts5-merge.ts';
import { SqliteSearchStore } from './sqlite.ts';
import type { IndexDoc } from './types.ts';
import { openSearchTestDb, type SearchTestDb } from './sqlite-test-db.ts';

/**
 * Online merging of the SQLite store's FTS5 segments (fts5-merge.ts). It reads FTS5's own
 * structure record, which only SQLite has, so this runs at the store's level on SQLite; the
 * search answers themselves are checked through HTTP on both databases elsewhere.
 */
describe('online merging of FTS5 segments', () => {
  let handle: DbHandle;
  let db: SearchTestDb;
  const doc = (n: number, body: string): IndexDoc => ({ type: 'post', refId: `p${n}`, titleTokens: '', bodyTokens: body });
  const shape = (levels: Fts5Level[]) => levels.map((l) => l.segments.map((s) => s.rows));
  const matches = async (word: string) => (await sql<{ rid: number }>`select rowid as rid from search_fts
    where search_fts match ${`"${word}"`} order by rowid`.execute(handle.db)).rows.map((r) => r.rid);

  beforeAll(async () => {
    db = await openSearchTestDb();
    handle = db.handle;
  });
  afterAll(async () => { await db.dispose(); });

  it('reads the levels, segments and row counts FTS5 keeps', async () => {
    const store = new SqliteSearchStore(handle.db, { bandBudget: 100, recentItems: 1000 });
    await store.backgroundMaintenance(); // no merging inside writes from here on
    await store.clear();
    await store.appendFresh(Array.from({ length: 30 }, (_, i) => doc(i + 1, 'alpha beta')));
    for (let n = 31; n <= 33; n += 1) await store.apply([doc(n, 'alpha')], []);
    expect(shape(await readStructure(handle.db, 'search_fts'))).toEqual([[30, 1, 1, 1]]);
    // An edit leaves a deleted row behind in the segment that held the item.
    await store.apply([doc(2, 'gamma')], []);
    const [level] = await readStructure(handle.db, 'search_fts');
    expect(level!.segments.map((s) => s.deletedRows)).toEqual([1, 0, 0, 0, 0]);
    expect(() => decodeStructure(new Uint8Array([0, 0, 0, 1, 0xff, 0, 0, 1, 3]))).toThrow();
  });

  it('rewrites a segment with many deleted rows in long steps unless a merge too big to do online may follow', () => {
    const segment = (rows: number, deletedRows = 0) => ({ pages: rows / 10, rows, deletedRows });
    // A recent index after a trim: one segment, a quarter of its rows deleted.
    const trimmed: Fts5Level[] = [{ merging: 0, segments: [] }, { merging: 0, segments: [segment(100_000, 26_000)] }];
    const input = nextMergeInput(trimmed)!;
    expect(input).toEqual({ level: 1, segments: trimmed[1]!.segments });
    // Its own rows are gone once it is rewritten: nothing big may follow.
    expect(bigMergeMayFollow(trimmed, input, 150_000)).toBe(false);
    // Its output may land beside three segments that then make a merge of 160,000 rows.
    const crowded: Fts5Level[] = [...trimmed, { merging: 0, segments: [segment(20_000), segment(20_000), segment(20_000)] }];
    expect(bigMergeMayFollow(crowded, nextMergeInput(crowded)!, 150_000)).toBe(true);
    expect(bigMergeMayFollow(crowded, nextMergeInput(crowded)!, 200_000)).toBe(false);
    // A level below with a big merge of its own due counts as it is.
    const below: Fts5Level[] = [{ merging: 0, segments: [segment(1), segment(1), segment(1), segment(200_000)] }, trimmed[1]!];
    expect(nextMergeInput(below)!.level).toBe(0);
    expect(bigMergeMayFollow(below, { level: 1, segments: trimmed[1]!.segments }, 150_000)).toBe(true);
  });

  it('merges small segments in the background and leaves a big one alone', async () => {
    const store = new SqliteSearchStore(handle.db, { bandBudget: 100, recentItems: 1000, onlineMergeMaxRows: 50 });
    const step = await store.backgroundMaintenance();
    await store.clear();
    // Words of their own make each item's entries long enough that the big segment spans many
    // pages (FTS5 moves a segment of a page or two down to where new segments go).
    const word = (n: number) => `${n % 2 ? 'odd' : 'even'} common ${Array.from({ length: 40 }, (_, i) => `w${n}x${i}`).join(' ')}`;
    // A rebuild: a few batches merged into one big segment, which FTS5 puts a level up.
    for (let batch = 0; batch < 8; batch += 1) {
      await store.appendFresh(Array.from({ length: 25 }, (_, i) => doc(batch * 25 + i + 1, word(batch * 25 + i + 1))));
    }
    await store.optimize();
    expect(shape(await readStructure(handle.db, 'search_fts'))).toEqual([[], [200]]);

    // Live writes, a small segment each, merged in the background into segments beside it.
    let n = 200;
    const write = async (count: number) => {
      for (let i = 0; i < count; i += 1) { n += 1; await store.apply([doc(n, word(n))], []); }
    };
    const segments = (levels: Fts5Level[]) => levels.flatMap((l) => l.segments);
    const big = segments(await readStructure(handle.db, 'search_fts'))[0]!;
    let merged = 0;
    let blocked = 0;
    for (let round = 0; round < 40; round += 1) {
      await write(3);
      const before = await readStructure(handle.db, 'search_fts');
      const next = nextMergeInput(before);
      await step();
      const after = await readStructure(handle.db, 'search_fts');
      // The big segment is never merged online: it is still there, as it was.
      expect(segments(after)).toContainEqual(big);
      if (next?.segments.some((segment) => segment.rows === big.rows && segment.pages === big.pages)) {
        // FTS5's next merge would take it in: nothing is merged until small ones outnumber it.
        blocked += 1;
        expect(shape(after)).toEqual(shape(before));
      } else if (next) {
        merged += 1;
        expect(segments(after).length).toBeLessThan(segments(before).length);
      }
    }
    expect(merged).toBeGreaterThan(3);
    expect(blocked).toBeGreaterThan(0);
    // However long it goes on, the small segments stay few.
    expect(segments(await readStructure(handle.db, 'search_fts')).length).toBeLessThan(16);

    // Nothing was lost or changed by the merges.
    expect(await matches('common')).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect((await matches('odd')).length).toBe(n / 2);
  });

  it('merges the recent index into one segment in the background, at most once a minute', async () => {
    const store = new SqliteSearchStore(handle.db, { bandBudget: 100, recentItems: 1000 });
    const step = await store.backgroundMaintenance();
    await store.clear(0); // every item is a recent one
    const segments = async (table: string) => (await readStructure(handle.db, table)).flatMap((l) => l.segments).length;
    const recentMatches = async (word: string) => (await sql<{ rid: number }>`select rowid as rid from search_recent
      where search_recent match ${`"${word}"`} order by rowid`.execute(handle.db)).rows.map((r) => r.rid);
    let n = 0;
    const write = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        n += 1;
        await store.apply([{ type: 'post', refId: `r${n}`, titleTokens: `title${n % 2}`, bodyTokens: `fresh w${n % 3}` }], []);
      }
    };
    // Three items, a segment each: too few on their level for FTS5 ever to merge them.
    await write(3);
    expect(await segments('search_recent')).toBe(3);
    await step();
    expect(await segments('search_recent')).toBe(1);
    expect(await segments('search_recent_titles')).toBe(1);
    // The full index is never rewritten whole online: its three stay.
    expect(await segments('search_fts')).toBe(3);
    const rids = await recentMatches('fresh');
    expect(rids).toHaveLength(3);

    // Within the minute new segments wait for the next time.
    await write(2);
    await step();
    expect(await segments('search_recent')).toBe(3);
    expect(await recentMatches('fresh')).toHaveLength(5);
    expect(await recentMatches('w0')).toEqual((await recentMatches('fresh')).filter((_, i) => (i + 1) % 3 === 0));
  });

  it('keeps up with a burst of writes: three maintenance runs merge 900 small segments', async () => {
    const store = new SqliteSearchStore(handle.db, { bandBudget: 100, recentItems: 1000 });
    const step = await store.backgroundMaintenance();
    await store.clear();
    const word = (n: number) => `burst ${Array.from({ length: 40 }, (_, i) => `b${n}y${i}`).join(' ')}`;
    for (let n = 1; n <= 900; n += 1) await store.apply([{ type: 'comment', refId: `c${n}`, titleTokens: '', bodyTokens: word(n) }], []);
    const count = async () => (await readStructure(handle.db, 'search_fts')).flatMap((l) => l.segments).length;
    expect(await count()).toBe(900);
    // Three seconds of a server's maintenance (one run a second).
    for (let run = 0; run < 3; run += 1) await step();
    // A search reads every segment: a burst must not leave them piled up until the next quiet hour.
    expect(await count()).toBeLessThan(4);
    expect((await matches('burst')).length).toBe(900);
  });
});
