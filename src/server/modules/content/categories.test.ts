import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, uniqueName } from '../../platform/testing/index.ts';
import { contentFixture, writePost, type ContentFixture } from './test-support.ts';

describe.each(dbTargets())('categories on $name', (target) => {
  let f: ContentFixture;
  beforeAll(async () => { f = await contentFixture(target); });
  afterAll(async () => { await f.server.close(); });

  it('lets an admin create a category that anyone can list', async () => {
    const slug = uniqueName('news').toLowerCase();
    const res = await f.admin.client.post('/api/v1/categories', { slug, name: ' 新闻 ', description: 'What happened' });
    expect(res.status).toBe(201);
    expect(res.body.category).toEqual({ id: expect.any(String), slug, name: '新闻', description: 'What happened', postCount: 0 });
    const list = await f.server.client().get('/api/v1/categories');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(res.body.category);
  });

  it('refuses members (403), anonymous callers (401) and a taken slug (409)', async () => {
    const member = await f.server.member();
    const body = { slug: uniqueName('x').toLowerCase(), name: 'X' };
    const forbidden = await member.client.post('/api/v1/categories', body);
    expect(forbidden.status).toBe(403);
    const moderator = await f.server.member({ role: 'moderator' });
    expect((await moderator.client.post('/api/v1/categories', body)).status).toBe(403);
    expect((await f.server.client().post('/api/v1/categories', body)).status).toBe(401);

    expect((await f.admin.client.post('/api/v1/categories', body)).status).toBe(201);
    const dup = await f.admin.client.post('/api/v1/categories', { ...body, name: 'Another' });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(dup.body.errors).toEqual([{ field: 'slug', message: expect.any(String) }]);
    const names = (await f.server.client().get('/api/v1/categories')).body.items.filter((c: { slug: string }) => c.slug === body.slug);
    expect(names).toHaveLength(1);
  });

  it('refuses invalid input with field errors', async () => {
    const cases: [unknown, string][] = [
      [{ slug: 'Has Spaces', name: 'x' }, 'slug'],
      [{ slug: '-leading', name: 'x' }, 'slug'],
      [{ slug: 'ok-slug', name: '   ' }, 'name'],
      [{ slug: 'ok-slug' }, 'name'],
      [{ slug: 'ok-slug', name: 'x'.repeat(65) }, 'name'],
      [{ name: 'x' }, 'slug'],
    ];
    for (const [body, field] of cases) {
      const res = await f.admin.client.post('/api/v1/categories', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('counts published posts: creates add one, deletes take it away', async () => {
    const cat = (await f.admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'Counted' })).body.category;
    const postCount = async () => (await f.server.client().get('/api/v1/categories')).body.items.find((c: { id: string }) => c.id === cat.id).postCount;
    const m = await f.server.member();
    const a = await writePost(m.client, { categoryId: cat.id });
    await writePost(m.client, { categoryId: cat.slug });
    expect(await postCount()).toBe(2);
    expect((await m.client.delete(`/api/v1/posts/${a.id}`)).status).toBe(204);
    expect(await postCount()).toBe(1);
    // A second delete of the same post is refused and must not count twice.
    expect((await m.client.delete(`/api/v1/posts/${a.id}`)).status).toBe(404);
    expect(await postCount()).toBe(1);
  });

  it('answers problem+json in the language asked for', async () => {
    const c = f.server.client();
    c.lang = 'en';
    const en = await c.get('/api/v1/posts?category=no-such-category');
    expect(en.status).toBe(404);
    expect(en.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(en.body).toEqual({ type: 'about:blank', title: 'Not found', status: 404, detail: 'No such category' });
    c.lang = 'zh-CN,zh;q=0.9,en;q=0.5';
    const zh = await c.get('/api/v1/posts?category=no-such-category');
    expect(zh.body).toEqual({ type: 'about:blank', title: '找不到该内容', status: 404, detail: '找不到该板块' });

    const m = await f.server.member();
    m.client.lang = 'en';
    const bad = await m.client.post('/api/v1/posts', { categoryId: f.category.id, title: 'x', body: 'y', tags: ['no spaces allowed'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      type: 'about:blank', title: 'Bad request', status: 400, detail: 'Some fields are invalid; see the errors listed',
      errors: [{ field: 'tags', message: 'Tags are 1–32 characters without spaces or punctuation' }],
    });
    m.client.lang = 'zh-CN';
    const badZh = await m.client.post('/api/v1/posts', { categoryId: f.category.id, title: 'x', body: 'y', tags: ['no spaces allowed'] });
    expect(badZh.body.errors).toEqual([{ field: 'tags', message: '标签为 1–32 个字符，不能包含空白或标点' }]);
    expect(badZh.body.detail).toBe('提交的内容有误，请检查标出的字段');
  });
});
