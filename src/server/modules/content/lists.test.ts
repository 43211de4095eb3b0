import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { postListQuery, type PostListFilter, type PostListSort } from './feed.ts';
import { contentFixture, createCategory, writePost, type ContentFixture } from './test-support.ts';

interface Item { id: string; likeCount: number; author: { username: string }; category: { id: string }; tags: string[] }

describe.each(dbTargets())('post lists on $name', (target) => {
  let f: ContentFixture;
  let writer: SignedIn;
  let other: SignedIn;
  let category: { id: string; slug: string };
  const ours: string[] = [];
  const likes = new Map<string, number>();

  beforeAll(async () => {
    f = await contentFixture(target);
    // Staff, so that writing 25 posts is not rate limited.
    writer = await f.server.member({ role: 'moderator' });
    other = await f.server.member({ role: 'moderator' });
    category = await createCategory(f.admin.client, 'Listed');
    const fans = await Promise.all([0, 1, 2].map(() => f.server.member()));
    for (let i = 0; i < 25; i++) {
      const author = i % 5 === 0 ? other : writer;
      const post = await writePost(author.client, { categoryId: category.id, title: `Post ${i}`, tags: i % 2 === 0 ? ['even'] : ['odd'] });
      ours.push(post.id);
      // Several posts share each like count, so ties must be broken by id.
      const n = i % 4;
      await Promise.all(fans.slice(0, n).map((fan) => fan.client.put(`/api/v1/posts/${post.id}/like`)));
      likes.set(post.id, n);
    }
    // Posts elsewhere that the category filter must leave out.
    await writePost(writer.client, { categoryId: f.category.id, tags: ['even'] });
  });
  afterAll(async () => { await f.server.close(); });

  async function walk(query: string, limit = 7): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const res = await f.server.client().get(`/api/v1/posts?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return items;
      expect(res.body.items).toHaveLength(limit);
    }
    throw new Error('pagination did not end');
  }

  const ids = (items: Item[]) => items.map((i) => i.id);
  const expectNoRepeats = (items: Item[]) => expect(new Set(ids(items)).size).toBe(items.length);

  it('walks the latest list newest first, page by page, without gaps or repeats', async () => {
    const items = await walk(`category=${category.id}`);
    expect(ids(items)).toEqual([...ours].reverse());
    const all = await walk('sort=latest');
    expectNoRepeats(all);
    expect(ids(all)).toEqual([...ids(all)].sort().reverse());
    expect(ids(all)).toEqual(expect.arrayContaining(ours));
  });

  it('sends anonymous lists compressed to clients that accept it, and members their own uncompressed', async () => {
    const url = `/api/v1/posts?category=${category.id}&limit=20`;
    const plain = await f.server.client().get(url, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const encoding of ['br', 'gzip']) {
      // Twice: the first answer is read from the database, the second from the cache.
      for (let i = 0; i < 2; i++) {
        const res = await f.server.client().get(url, { 'accept-encoding': encoding });
        expect(res.headers.get('content-encoding')).toBe(encoding);
        expect(res.headers.get('vary')).toContain('accept-encoding');
        expect(res.body).toEqual(plain.body);
      }
    }
    const mine = await writer.client.get(url, { 'accept-encoding': 'br' });
    expect(mine.headers.get('content-encoding')).toBeNull();
    expect(ids(mine.body.items)).toEqual(ids(plain.body.items));
  });

  it('walks the top list by likes, ties newest first', async () => {
    const items = await walk(`category=${category.slug}&sort=top`);
    const expected = [...ours].sort((a, b) => likes.get(b)! - likes.get(a)! || (a < b ? 1 : -1));
    expect(ids(items)).toEqual(expected);
    expect(items.map((i) => i.likeCount)).toEqual(expected.map((id) => likes.get(id)));
    const all = await walk('sort=top', 4);
    expectNoRepeats(all);
    expect(ids(all)).toEqual(expect.arrayContaining(ours));
  });

  it('walks the hot list in hot-score order', async () => {
    const db = f.server.hearth.ctx.db;
    const byScore = async (categoryId?: string) => {
      let q = db.selectFrom('posts').select('id').where('status', '=', 'published');
      if (categoryId) q = q.where('category_id', '=', categoryId);
      return (await q.orderBy('hot_score', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    };
    expect(ids(await walk(`category=${category.id}&sort=hot`))).toEqual(await byScore(category.id));
    expect(ids(await walk('sort=hot', 5))).toEqual(await byScore());
    // Liked posts are hotter than unliked ones written at about the same time.
    const hot = ids(await walk(`category=${category.id}&sort=hot`, 100));
    expect(hot.indexOf(ours[23]!)).toBeLessThan(hot.indexOf(ours[24]!));
  });

  it('filters by category (id or slug), tag and author', async () => {
    const bySlug = await walk(`category=${category.slug.toUpperCase()}`, 10);
    expect(ids(bySlug)).toEqual([...ours].reverse());
    expect(bySlug.every((p) => p.category.id === category.id)).toBe(true);

    const even = await walk(`category=${category.id}&tag=even`, 5);
    expect(ids(even)).toEqual(ours.filter((_, i) => i % 2 === 0).reverse());
    expect(even.every((p) => p.tags.includes('even'))).toBe(true);
    expect(ids(await walk(`tag=%23EVEN&category=${category.id}&sort=top`))).toHaveLength(13);
    expect((await walk('tag=even')).length).toBe(14);
    expect(await walk('tag=never-used')).toEqual([]);

    const byOther = await walk(`author=${other.username}`, 2);
    expect(ids(byOther)).toEqual(ours.filter((_, i) => i % 5 === 0).reverse());
    expect(byOther.every((p) => p.author.username === other.username)).toBe(true);
    expect(ids(await walk(`author=${writer.username}&category=${category.id}&sort=top`))).toHaveLength(20);
  });

  it('refuses unknown filters, bad cursors and bad limits without a 500', async () => {
    const c = f.server.client();
    expect((await c.get('/api/v1/posts?category=nope')).status).toBe(404);
    expect((await c.get('/api/v1/posts?author=nobody-here')).status).toBe(404);
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cursors = [
      'garbage', '!!!', '%00', enc({ a: 1 }), enc(['x', 'y']), enc([1]), enc(null), Buffer.from('[1e400,"x"]').toString('base64url'), enc(['\u0000']),
    ];
    for (const sort of ['latest', 'hot', 'top']) {
      for (const cursor of [...cursors, enc([0.5, 'x']), enc([1e300, 'x']), enc([-1e300, '\u0000']), enc(['x', 1])]) {
        const res = await c.get(`/api/v1/posts?sort=${sort}&cursor=${encodeURIComponent(cursor)}`);
        expect([200, 400], `${sort} ${cursor} ${res.text}`).toContain(res.status);
        if (res.status === 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      for (const cursor of cursors) expect((await c.get(`/api/v1/posts?sort=${sort}&cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
    }
    for (const q of ['limit=101', 'limit=0', 'limit=-1', 'limit=abc', 'sort=random', `cursor=${'x'.repeat(600)}`]) {
      const res = await c.get(`/api/v1/posts?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.errors?.length ?? 0, q).toBeGreaterThanOrEqual(q.startsWith('limit') || q.startsWith('sort') ? 1 : 0);
    }
    expect((await c.get('/api/v1/posts?limit=100')).status).toBe(200);
  });
});

// The query plan is checked on SQLite, the default database; PostgreSQL uses the same indexes.
describe('post list query plans on sqlite', () => {
  let server: TestServer;
  let category: { id: string };
  beforeAll(async () => {
    server = await startTestServer(dbTargets()[0]!);
    category = await createCategory((await server.member({ role: 'admin' })).client);
  });
  afterAll(async () => { await server.close(); });

  it('serves each sort from an index, without sorting', async () => {
    const db = server.hearth.ctx.db;
    const cases: [PostListSort, PostListFilter][] = [
      ['latest', {}], ['hot', {}], ['top', {}],
      ['latest', { categoryId: category.id }], ['hot', { categoryId: category.id }], ['top', { categoryId: category.id }],
      ['latest', { authorId: '01M8BC4C81F837RMZZWS4GE45F' }],
    ];
    for (const [sort, filter] of cases) {
      for (const after of [null, sort === 'latest' ? ['01M8BC4C81F837RMZZWS4GE45E'] : [1, '01M8BC4C81F837RMZZWS4GE45E']]) {
        const compiled = postListQuery(db, sort, filter, after as never, 20).compile();
        const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
        const details = plan.rows.map((r) => r.detail).join('\n');
        const label = `${sort} ${JSON.stringify(filter)} ${after ? 'after' : 'first'}:\n${details}`;
        expect(details, label).toMatch(/SEARCH posts USING (COVERING )?INDEX posts_/);
        expect(details, label).not.toMatch(/TEMP B-TREE|SCAN posts/);
        if (filter.categoryId) expect(details, label).toMatch(/INDEX posts_category_/);
        // A later page starts inside the index instead of skipping the earlier rows.
        if (after) expect(details, label).toMatch(sort === 'latest' ? /id<\?/ : /\((hot_score|like_count),id\)<\(\?,\?\)/);
      }
    }
  });
});
