import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { contentFixture, createCategory, writeComment, writePost, type ContentFixture } from './test-support.ts';

describe.each(dbTargets())('concurrent edits and deletes on $name', (target) => {
  let f: ContentFixture;
  beforeAll(async () => { f = await contentFixture(target); });
  afterAll(async () => { await f.server.close(); });

  it('keeps every version when edits of one post race', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id, title: 'v0', body: 'body v0' });
    const titles = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    const results = await Promise.all(titles.map((t) => author.client.patch(`/api/v1/posts/${post.id}`, { title: t, body: `body ${t}` })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));

    const revisions = await f.server.hearth.ctx.db.selectFrom('post_revisions').select(['title', 'body'])
      .where('post_id', '=', post.id).orderBy('id').execute();
    const current = (await author.client.get(`/api/v1/posts/${post.id}`)).body.post;
    // Each edit replaced a different version: the history plus the current one is every version once.
    expect([...revisions.map((r) => r.title), current.title].sort()).toEqual(['v0', ...titles].sort());
    for (const r of revisions) expect(r.body).toBe(`body ${r.title}`);
    expect(current.body).toBe(`body ${current.title}`);
  });

  it('keeps every version when edits of one comment race', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const comment = await writeComment(author.client, post.id, 'c0');
    const bodies = Array.from({ length: 10 }, (_, i) => `c${i + 1}`);
    const results = await Promise.all(bodies.map((body) => author.client.patch(`/api/v1/comments/${comment.id}`, { body })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const revisions = await f.server.hearth.ctx.db.selectFrom('comment_revisions').select('body')
      .where('comment_id', '=', comment.id).execute();
    const current = (await author.client.get(`/api/v1/posts/${post.id}/comments`)).body.items[0].body;
    expect([...revisions.map((r) => r.body), current].sort()).toEqual(['c0', ...bodies].sort());
  });

  it('counts a post deleted by ten parallel requests once', async () => {
    const author = await f.server.member();
    const category = await createCategory(f.admin.client);
    const post = await writePost(author.client, { categoryId: category.id, tags: ['racy'] });
    await writePost(author.client, { categoryId: category.id, tags: ['racy'] });
    const results = await Promise.all(Array.from({ length: 10 }, () => author.client.delete(`/api/v1/posts/${post.id}`)));
    expect(results.map((r) => r.status).sort()).toEqual([204, ...Array(9).fill(404)]);
    const cat = (await f.server.client().get('/api/v1/categories')).body.items.find((c: { id: string }) => c.id === category.id);
    expect(cat.postCount).toBe(1);
    const tag = await f.server.hearth.ctx.db.selectFrom('tags').select('post_count').where('slug', '=', 'racy').executeTakeFirstOrThrow();
    expect(tag.post_count).toBe(1);
    expect((await f.server.client().get(`/api/v1/users/${author.username}`)).body.counts.posts).toBe(1);
  });

  it('counts a comment deleted by ten parallel requests once, and parallel comments each once', async () => {
    const author = await f.server.member({ role: 'moderator' });
    const post = await writePost(author.client, { categoryId: f.category.id });
    const written = await Promise.all(Array.from({ length: 12 }, (_, i) => author.client.post(`/api/v1/posts/${post.id}/comments`, { body: `c${i}` })));
    expect(written.map((r) => r.status)).toEqual(Array(12).fill(201));
    const target = written[0]!.body.comment.id;
    const results = await Promise.all(Array.from({ length: 10 }, () => author.client.delete(`/api/v1/comments/${target}`)));
    expect(results.map((r) => r.status).sort()).toEqual([204, ...Array(9).fill(404)]);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).body.post.commentCount).toBe(11);
  });

  it('does not let an edit bring back a post deleted meanwhile', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id, title: 'doomed' });
    const [edit, del] = await Promise.all([
      author.client.patch(`/api/v1/posts/${post.id}`, { title: 'edited' }),
      author.client.delete(`/api/v1/posts/${post.id}`),
    ]);
    expect(del.status).toBe(204);
    expect([200, 404]).toContain(edit.status);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).status).toBe(404);
    const row = await f.server.hearth.ctx.db.selectFrom('posts').select('status').where('id', '=', post.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('deleted');
  });
});
