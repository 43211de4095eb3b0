import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { contentFixture, writePost, type ContentFixture } from './test-support.ts';

describe.each(dbTargets())('posts on $name', (target) => {
  let f: ContentFixture;
  beforeAll(async () => { f = await contentFixture(target); });
  afterAll(async () => { await f.server.close(); });

  const revisionsOf = (postId: string) => f.server.hearth.ctx.db.selectFrom('post_revisions')
    .select(['editor_id', 'title', 'body', 'tags']).where('post_id', '=', postId).orderBy('id').execute();

  it('writes each kind of post, with the category given by id or by slug', async () => {
    const m = await f.server.member();
    for (const [kind, categoryId] of [['discussion', f.category.id], ['article', f.category.slug], ['question', f.category.slug.toUpperCase()]]) {
      const res = await m.client.post('/api/v1/posts', { categoryId, kind, title: `  A ${kind}  `, body: '# Hello\n\nSome **bold** text' });
      expect(res.status).toBe(201);
      expect(res.body.post).toMatchObject({
        kind, title: `A ${kind}`, body: '# Hello\n\nSome **bold** text', status: 'published',
        category: { id: f.category.id, slug: f.category.slug }, author: { id: m.id, username: m.username },
        likeCount: 0, commentCount: 0, viewCount: 0, likedByMe: false, canEdit: true, editedAt: null, tags: [],
      });
      expect(res.body.post.bodyHtml).toContain('<strong>bold</strong>');
      const read = await f.server.client().get(`/api/v1/posts/${res.body.post.id}`);
      expect(read.status).toBe(200);
      expect(read.body.post).toMatchObject({ kind, title: `A ${kind}`, excerpt: 'Hello Some bold text', canEdit: false });
    }
    const plain = await writePost(m.client, { categoryId: f.category.id });
    expect(plain.kind).toBe('discussion');
  });

  it('normalises tags: no leading #, duplicates ignoring case dropped, at most five', async () => {
    const m = await f.server.member();
    const post = await writePost(m.client, { categoryId: f.category.id, tags: ['#TypeScript', 'typescript', '##node', ' 数据库 ', 'C#'] });
    // Listed in code-point order, the same on every database.
    expect(post.tags).toEqual(['C#', 'TypeScript', 'node', '数据库']);
    // Six tags that collapse to five are fine; six distinct ones are not.
    const five = await writePost(m.client, { categoryId: f.category.id, tags: ['a1', 'b1', 'c1', 'd1', 'e1', 'A1'] });
    expect(five.tags).toHaveLength(5);
    const bad = [['a', 'b', 'c', 'd', 'e', 'f'], ['has space'], ['#'], [''], ['<b>'], ['x'.repeat(33)], ['-dash-first']];
    for (const tags of bad) {
      const res = await m.client.post('/api/v1/posts', { categoryId: f.category.id, title: 't', body: 'b', tags });
      expect(res.status, JSON.stringify(tags)).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field.split('.')[0])).toEqual(['tags']);
    }
  });

  it('refuses invalid posts with 400 and field errors, anonymous writers with 401', async () => {
    const m = await f.server.member({ role: 'moderator' });
    const base = { categoryId: f.category.id, title: 'T', body: 'B' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, categoryId: 'no-such-category' }, 'categoryId'],
      [{ ...base, title: '   ' }, 'title'],
      [{ ...base, title: '' }, 'title'],
      [{ ...base, title: 'x'.repeat(201) }, 'title'],
      [{ ...base, body: ' \n ' }, 'body'],
      [{ ...base, body: 'x'.repeat(50_001) }, 'body'],
      [{ ...base, kind: 'poll' }, 'kind'],
      [{ ...base, tags: { a: 1 } }, 'tags'],
      [{ ...base, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ title: 'T', body: 'B' }, 'categoryId'],
    ];
    for (const [body, field] of cases) {
      const res = await m.client.post('/api/v1/posts', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await f.server.client().post('/api/v1/posts', base)).status).toBe(401);
  });

  it('ignores server-owned fields sent when writing or editing', async () => {
    const m = await f.server.member();
    const other = await f.server.member();
    const sneaky = { id: 'X'.repeat(26), authorId: other.id, likeCount: 99, viewCount: 1000, commentCount: 7, status: 'hidden', hotScore: 1e9 };
    const res = await m.client.post('/api/v1/posts', { categoryId: f.category.id, title: 'Mine', body: 'B', ...sneaky });
    expect(res.status).toBe(201);
    const post = res.body.post;
    expect(post).toMatchObject({ author: { id: m.id }, likeCount: 0, viewCount: 0, commentCount: 0, status: 'published' });
    expect(post.id).not.toBe(sneaky.id);
    const patched = await m.client.patch(`/api/v1/posts/${post.id}`, { title: 'Still mine', ...sneaky });
    expect(patched.status).toBe(200);
    expect(patched.body.post).toMatchObject({ id: post.id, title: 'Still mine', author: { id: m.id }, likeCount: 0, viewCount: 0, status: 'published' });
    const row = await f.server.hearth.ctx.db.selectFrom('posts').selectAll().where('id', '=', post.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ author_id: m.id, like_count: 0, view_count: 0, comment_count: 0, status: 'published' });
    expect(row.hot_score).toBeLessThan(1e6);
  });

  it('lets the author and moderators edit, keeping every previous version', async () => {
    const author = await f.server.member();
    const moderator = await f.server.member({ role: 'moderator' });
    const post = await writePost(author.client, { categoryId: f.category.id, title: 'First', body: 'one', tags: ['alpha'] });

    const byAuthor = await author.client.patch(`/api/v1/posts/${post.id}`, { title: 'Second', body: 'two', tags: ['beta'] });
    expect(byAuthor.status).toBe(200);
    expect(byAuthor.body.post).toMatchObject({ title: 'Second', body: 'two', tags: ['beta'], editedAt: expect.any(String) });
    const byModerator = await moderator.client.patch(`/api/v1/posts/${post.id}`, { body: 'three *edited*' });
    expect(byModerator.status).toBe(200);
    expect(byModerator.body.post).toMatchObject({ title: 'Second', body: 'three *edited*', tags: ['beta'], canEdit: true });
    expect(byModerator.body.post.bodyHtml).toContain('<em>edited</em>');

    const revisions = await revisionsOf(post.id);
    expect(revisions.map((r) => ({ ...r, tags: JSON.parse(r.tags) }))).toEqual([
      { editor_id: author.id, title: 'First', body: 'one', tags: ['alpha'] },
      { editor_id: moderator.id, title: 'Second', body: 'two', tags: ['beta'] },
    ]);
    const read = await f.server.client().get(`/api/v1/posts/${post.id}`);
    expect(read.body.post).toMatchObject({ title: 'Second', body: 'three *edited*' });
  });

  it('refuses edits and deletes by other members (403), anonymous (401), invalid edits (400)', async () => {
    const author = await f.server.member();
    const other = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id, title: 'Keep' });
    const patch = await other.client.patch(`/api/v1/posts/${post.id}`, { title: 'Taken over' });
    expect(patch.status).toBe(403);
    expect(patch.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await other.client.delete(`/api/v1/posts/${post.id}`)).status).toBe(403);
    expect((await f.server.client().patch(`/api/v1/posts/${post.id}`, { title: 'x' })).status).toBe(401);
    expect((await f.server.client().delete(`/api/v1/posts/${post.id}`)).status).toBe(401);
    for (const [body, field] of [[{ title: ' ' }, 'title'], [{ body: '' }, 'body'], [{ tags: ['a b'] }, 'tags']] as const) {
      const res = await author.client.patch(`/api/v1/posts/${post.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).body.post.title).toBe('Keep');
    expect(await revisionsOf(post.id)).toEqual([]);
  });

  it('soft-deletes: the post reads as 404 and leaves lists, category and profile counts', async () => {
    const author = await f.server.member();
    const moderator = await f.server.member({ role: 'moderator' });
    const mine = await writePost(author.client, { categoryId: f.category.id, tags: ['gone-soon'] });
    const modded = await writePost(author.client, { categoryId: f.category.id });
    const profile = async () => (await f.server.client().get(`/api/v1/users/${author.username}`)).body.counts.posts;
    const categoryCount = async () => (await f.server.client().get('/api/v1/categories')).body.items.find((c: { id: string }) => c.id === f.category.id).postCount;
    expect(await profile()).toBe(2);
    const before = await categoryCount();

    expect((await author.client.delete(`/api/v1/posts/${mine.id}`)).status).toBe(204);
    expect((await moderator.client.delete(`/api/v1/posts/${modded.id}`)).status).toBe(204);
    for (const id of [mine.id, modded.id]) {
      expect((await f.server.client().get(`/api/v1/posts/${id}`)).status).toBe(404);
      expect((await author.client.get(`/api/v1/posts/${id}`)).status).toBe(404);
      expect((await author.client.patch(`/api/v1/posts/${id}`, { title: 'back' })).status).toBe(404);
      expect((await author.client.delete(`/api/v1/posts/${id}`)).status).toBe(404);
    }
    expect(await profile()).toBe(0);
    expect(await categoryCount()).toBe(before - 2);
    for (const query of [`author=${author.username}`, `category=${f.category.id}`, 'tag=gone-soon', 'sort=hot', 'sort=top']) {
      const ids = (await f.server.client().get(`/api/v1/posts?${query}&limit=100`)).body.items.map((p: { id: string }) => p.id);
      expect(ids, query).not.toContain(mine.id);
      expect(ids, query).not.toContain(modded.id);
    }
    // The row stays for moderation and history, marked deleted.
    const row = await f.server.hearth.ctx.db.selectFrom('posts').select(['status', 'deleted_at']).where('id', '=', mine.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'deleted', deleted_at: expect.any(String) });
  });

  it('answers 404 for ids that do not exist or are malformed', async () => {
    const m = await f.server.member();
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope', '%27%3B--', 'x'.repeat(64)]) {
      expect((await f.server.client().get(`/api/v1/posts/${id}`)).status, id).toBe(404);
      expect((await m.client.patch(`/api/v1/posts/${id}`, { title: 'x' })).status, id).toBe(404);
      expect((await m.client.delete(`/api/v1/posts/${id}`)).status, id).toBe(404);
    }
    expect((await f.server.client().get(`/api/v1/posts/${'x'.repeat(65)}`)).status).toBe(400);
  });

  it('limits members to 20 posts per 10 minutes, with retry-after; staff are exempt', async () => {
    const m = await f.server.member();
    const statuses = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await m.client.post('/api/v1/posts', { categoryId: f.category.id, title: `n${i}`, body: 'b' })).status);
    }
    expect(statuses).toEqual([...Array(20).fill(201), 429]);
    const limited = await m.client.post('/api/v1/posts', { categoryId: f.category.id, title: 'again', body: 'b' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, type: 'about:blank', detail: expect.any(String) });

    const moderator = await f.server.member({ role: 'moderator' });
    for (let i = 0; i < 22; i++) await writePost(moderator.client, { categoryId: f.category.id, title: `m${i}` });
  });

  it('counts a view once per viewer per day', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const reader = await f.server.member();
    const second = await f.server.member();
    const views = async () => (await f.server.hearth.ctx.db.selectFrom('posts').select('view_count').where('id', '=', post.id).executeTakeFirstOrThrow()).view_count;

    for (let i = 0; i < 3; i++) expect((await reader.client.get(`/api/v1/posts/${post.id}`)).status).toBe(200);
    expect(await views()).toBe(1);
    const seen = await second.client.get(`/api/v1/posts/${post.id}`);
    expect(seen.body.post.viewCount).toBe(2);
    await Promise.all(Array.from({ length: 5 }, () => second.client.get(`/api/v1/posts/${post.id}`)));
    expect(await views()).toBe(2);

    const anon = f.server.client();
    for (let i = 0; i < 3; i++) await anon.get(`/api/v1/posts/${post.id}`, { 'user-agent': 'Browser A' });
    await f.server.client().get(`/api/v1/posts/${post.id}`, { 'user-agent': 'Browser A' });
    expect(await views()).toBe(3);
    await anon.get(`/api/v1/posts/${post.id}`, { 'user-agent': 'Browser B' });
    expect(await views()).toBe(4);
  });
});
