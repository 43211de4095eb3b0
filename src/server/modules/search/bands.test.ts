import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { sql } from 'kysely';
import { createSearchStore } from '../../platform/search/index.ts';
import { createSearch, reindexSearch } from './index.ts';
import { marker, searchFixture, type SearchFixture } from './test-support.ts';

type Page = { status: number; body: { items: { id: string }[]; nextCursor: string | null } };

/**
 * Words that are each common but seldom meet are searched band by band, newest first, so that
 * a page never walks the whole index. With a budget of a few index entries per band, these
 * tests see bands on a few dozen posts. (PostgreSQL reads its recent table, then the rest of
 * the index as one band; the same behaviour must hold there, just in fewer pages.)
 */
describe.each(dbTargets())('search bands on $name', (target) => {
  let f: SearchFixture;
  const w1 = marker();
  const w2 = marker();
  const rare = marker();
  let both: string;
  let titled: string;
  const onlyOne: string[] = [];

  beforeAll(async () => {
    f = await searchFixture(target, { searchBandBudget: 4 });
    both = await f.post('很久以前的帖子', `旧的内容同时提到 ${w1} 和 ${w2}，还有 ${rare}`);
    titled = await f.post(`${w1} ${w2} 的标题`, '正文没有那两个词');
    for (let i = 0; i < 30; i++) onlyOne.push(await f.post(`第 ${i} 篇`, `这一篇只提到 ${i % 2 ? w1 : w2}`));
  });
  afterAll(async () => { await f.server.close(); });

  async function everyPage(q: string, limit: number): Promise<{ ids: string[]; pages: Page[] }> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = (await f.search({ q, limit, ...(cursor ? { cursor } : {}) })) as Page;
      expect(res.status).toBe(200);
      pages.push(res);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 100);
    expect(cursor).toBeNull();
    return { ids: pages.flatMap((p) => p.body.items.map((i) => i.id)), pages };
  }

  it('finds two common words that meet only in old posts by paging on, title match first', async () => {
    const { ids, pages } = await everyPage(`${w1} ${w2}`, 10);
    expect(ids).toEqual([titled, both]);
    if (target.name === 'sqlite') {
      // The newest band holds neither: the first page is empty and says there is more.
      expect(pages[0]!.body.items).toEqual([]);
      expect(pages[0]!.body.nextCursor).not.toBeNull();
    }
  });

  it('pages through a common word without duplicates or gaps, newest first within each band', async () => {
    const { ids } = await everyPage(w1, 4);
    const expected = [both, titled, ...onlyOne.filter((_, i) => i % 2)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('answers a rare word from the whole index on the first page', async () => {
    const res = (await f.search({ q: rare })) as Page;
    expect(res.body.items.map((i) => i.id)).toEqual([both]);
    expect(res.body.nextCursor).toBeNull();
  });

  it('refuses a cursor whose band is not a band', async () => {
    const bad = Buffer.from(JSON.stringify([1, 50, 60, 10])).toString('base64url');
    expect((await f.search({ q: w1, cursor: bad })).status).toBe(400);
    const tier = Buffer.from(JSON.stringify([2, 50, -1, -1])).toString('base64url');
    expect((await f.search({ q: w1, cursor: tier })).status).toBe(400);
  });
});

/**
 * SQLite keeps its newest items in a small index of their own, which answers the band that
 * reaches down to its floor (see platform/search/sqlite-recent.ts): results must be the same,
 * only cheaper. (PostgreSQL has no such index; the same answers must hold there.)
 */
describe.each(dbTargets())('search with a recent index on $name', (target) => {
  let f: SearchFixture;
  const w1 = marker();
  const w2 = marker();
  let old: string;
  let titled: string;

  beforeAll(async () => {
    f = await searchFixture(target, { searchBandBudget: 4, searchRecentItems: 10 });
    old = await f.post('很久以前的帖子', `旧的内容同时提到 ${w1} 和 ${w2}`);
    titled = await f.post(`${w1} ${w2} 的标题`, '正文没有那两个词');
    for (let i = 0; i < 30; i++) await f.post(`第 ${i} 篇`, `这一篇只提到 ${i % 2 ? w1 : w2}`);
    // A rebuild puts its last items (the newest ten) in the recent index.
    await reindexSearch(f.server.hearth.ctx);
  });
  afterAll(async () => { await f.server.close(); });

  async function everyPage(q: string): Promise<{ ids: string[]; first: Page }> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = (await f.search({ q, limit: 5, ...(cursor ? { cursor } : {}) })) as Page;
      expect(res.status).toBe(200);
      pages.push(res);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 100);
    expect(cursor).toBeNull();
    return { ids: pages.flatMap((p) => p.body.items.map((i) => i.id)), first: pages[0]! };
  }

  it('answers the newest stretch from the recent index and older items on the following pages', async () => {
    const { ids, first } = await everyPage(`${w1} ${w2}`);
    expect(ids).toEqual([titled, old]);
    // The recent index holds neither: the first page is empty and says there is more.
    expect(first.body.items).toEqual([]);
    // Written after the rebuild: in the recent index, on the first page.
    const fresh = await f.post('新帖', `新的内容提到 ${w2} 和 ${w1}`);
    const again = await everyPage(`${w1} ${w2}`);
    // Title matches come first within a band: the recent band, holding the fresh post alone,
    // comes before the older band with the title match.
    expect(again.ids).toEqual([fresh, titled, old]);
    expect(again.first.body.items.map((i) => i.id)).toContain(fresh);
  });

  it('fills a recent index that holds too few items when the server starts', async () => {
    const { ctx } = f.server.hearth;
    if (target.name === 'sqlite') {
      // As the migration that created it leaves it: empty, its floor above every item.
      for (const table of ['search_recent', 'search_recent_titles']) await sql`insert into ${sql.table(table)} (${sql.ref(table)}) values ('delete-all')`.execute(ctx.db);
      await sql`update search_recent_state set floor = (select max(rid) + 1 from search_docs)`.execute(ctx.db);
    }
    const second = createSearch(ctx);
    await second.start();
    try {
      const store = createSearchStore(ctx.db, ctx.dialect, { bandBudget: 4, recentItems: 10 });
      await expect.poll(() => store.recentGap(), { timeout: 10_000 }).toBeNull();
      const { ids } = await everyPage(w1);
      expect(ids.length).toBe(1 + 1 + 1 + 15);
    } finally {
      second.stop();
    }
  });
});
