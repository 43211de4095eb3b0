import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { hotScore } from './hot.ts';
import { contentFixture, writeComment, writePost, type ContentFixture } from './test-support.ts';

describe.each(dbTargets())('comments on $name', (target) => {
  let f: ContentFixture;
  beforeAll(async () => { f = await contentFixture(target); });
  afterAll(async () => { await f.server.close(); });

  const commentCount = async (postId: string) => (await f.server.client().get(`/api/v1/posts/${postId}`)).body.post.commentCount;

  it('threads replies through parentId and counts comments on the post', async () => {
    const author = await f.server.member();
    const reader = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const res = await reader.client.post(`/api/v1/posts/${post.id}/comments`, { body: 'First! **yay**' });
    expect(res.status).toBe(201);
    const top = res.body.comment;
    expect(top).toMatchObject({
      postId: post.id, parentId: null, body: 'First! **yay**', status: 'published', likeCount: 0, likedByMe: false, canEdit: true,
      author: { id: reader.id, username: reader.username }, editedAt: null,
    });
    expect(top.bodyHtml).toContain('<strong>yay</strong>');
    const reply = await writeComment(author.client, post.id, 'A reply', top.id);
    expect(reply.parentId).toBe(top.id);
    const nested = await writeComment(reader.client, post.id, 'Reply to the reply', reply.id);
    expect(nested.parentId).toBe(reply.id);
    expect(await commentCount(post.id)).toBe(3);

    const list = await f.server.client().get(`/api/v1/posts/${post.id}/comments`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string; parentId: string | null }) => [c.id, c.parentId])).toEqual([
      [top.id, null], [reply.id, top.id], [nested.id, reply.id],
    ]);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.every((c: { canEdit: boolean }) => c.canEdit === false)).toBe(true);
  });

  it('moves the hot score with each comment and removal, exactly as the score of the counts', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const stored = () => f.server.hearth.ctx.db.selectFrom('posts').select(['hot_score', 'like_count', 'comment_count', 'view_count', 'created_at'])
      .where('id', '=', post.id).executeTakeFirstOrThrow();
    const expectScoreOfCounts = async (comments: number) => {
      const row = await stored();
      expect(row.comment_count).toBe(comments);
      expect(row.hot_score).toBeCloseTo(hotScore({ likes: row.like_count, comments, views: row.view_count }, row.created_at), 7);
    };
    const before = (await stored()).hot_score;
    const written = [];
    for (let i = 0; i < 3; i += 1) written.push(await writeComment(author.client, post.id, `comment ${i}`));
    await expectScoreOfCounts(3);
    expect((await stored()).hot_score).toBeGreaterThan(before);
    expect((await author.client.delete(`/api/v1/comments/${written[0]!.id}`)).status).toBe(204);
    await expectScoreOfCounts(2);
  });

  it('shows each writer of a busy thread its own comment in the count, at once', async () => {
    const author = await f.server.member();
    const writers = await Promise.all(Array.from({ length: 8 }, () => f.server.member()));
    const post = await writePost(author.client, { categoryId: f.category.id });
    let answered = 0;
    const seen = await Promise.all(writers.map(async (w, i) => {
      expect((await w.client.post(`/api/v1/posts/${post.id}/comments`, { body: `reply ${i}` })).status).toBe(201);
      answered += 1;
      const atLeast = answered;
      // Anonymous, so through the shared cache of post reads too.
      return { atLeast, count: await commentCount(post.id) as number };
    }));
    for (const { atLeast, count } of seen) expect(count).toBeGreaterThanOrEqual(atLeast);
    expect(await commentCount(post.id)).toBe(8);
  });

  it('folds counts that a stopped process left pending into their posts', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const other = await writePost(author.client, { categoryId: f.category.id });
    await writeComment(author.client, post.id, 'counted');
    // A comment committed just before its process died: its count is still pending.
    const { db } = f.server.hearth.ctx;
    await db.insertInto('post_comment_deltas').values({ id: '01KBBZZZZZZZZZZZZZZZZZZZZZ', post_id: post.id, delta: 1 }).execute();
    expect(await commentCount(post.id)).toBe(1);
    // The next fold, for any post, takes it along.
    await writeComment(author.client, other.id, 'elsewhere');
    expect(await commentCount(post.id)).toBe(2);
    expect(await db.selectFrom('post_comment_deltas').select('id').execute()).toEqual([]);
  });

  it('refuses a parent from another post, a missing or deleted parent, and empty bodies (400)', async () => {
    const m = await f.server.member();
    const post = await writePost(m.client, { categoryId: f.category.id });
    const elsewhere = await writePost(m.client, { categoryId: f.category.id });
    const foreign = await writeComment(m.client, elsewhere.id, 'over there');
    const removed = await writeComment(m.client, post.id, 'to be removed');
    expect((await m.client.delete(`/api/v1/comments/${removed.id}`)).status).toBe(204);
    for (const parentId of [foreign.id, removed.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'x'.repeat(64)]) {
      const res = await m.client.post(`/api/v1/posts/${post.id}/comments`, { body: 'hi', parentId });
      expect(res.status, parentId).toBe(400);
      expect(res.body.errors[0].field).toBe('parentId');
    }
    for (const body of [{ body: '   ' }, { body: '' }, {}, { body: 'x'.repeat(10_001) }, { body: { text: 'x' } }]) {
      const res = await m.client.post(`/api/v1/posts/${post.id}/comments`, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.body.errors[0].field).toBe('body');
    }
    expect(await commentCount(post.id)).toBe(0);
    expect((await f.server.client().post(`/api/v1/posts/${post.id}/comments`, { body: 'anon' })).status).toBe(401);
  });

  it('pages oldest first with a keyset cursor, without gaps or repeats', async () => {
    const moderator = await f.server.member({ role: 'moderator' });
    const post = await writePost(moderator.client, { categoryId: f.category.id });
    const written: string[] = [];
    for (let i = 0; i < 12; i++) written.push((await writeComment(moderator.client, post.id, `comment ${i}`)).id);

    const seen: string[] = [];
    const bodies: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/posts/${post.id}/comments?limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await f.server.client().get(url);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      bodies.push(...page.body.items.map((c: { body: string }) => c.body));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(written);
    expect(bodies).toEqual(written.map((_, i) => `comment ${i}`));

    for (const bad of ['garbage!!', 'bm90IGpzb24', Buffer.from('[1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      const res = await f.server.client().get(`/api/v1/posts/${post.id}/comments?cursor=${bad}`);
      expect(res.status, bad).toBe(400);
    }
    expect((await f.server.client().get(`/api/v1/posts/${post.id}/comments?limit=101`)).status).toBe(400);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}/comments?limit=0`)).status).toBe(400);
  });

  it('edits by author or moderator keep revisions; others get 403; deletes decrement the count', async () => {
    const author = await f.server.member();
    const other = await f.server.member();
    const moderator = await f.server.member({ role: 'moderator' });
    const post = await writePost(author.client, { categoryId: f.category.id });
    const c = await writeComment(author.client, post.id, 'v1');
    const keep = await writeComment(other.client, post.id, 'stays');

    const edited = await author.client.patch(`/api/v1/comments/${c.id}`, { body: 'v2 _edited_' });
    expect(edited.status).toBe(200);
    expect(edited.body.comment).toMatchObject({ id: c.id, body: 'v2 _edited_', editedAt: expect.any(String) });
    expect(edited.body.comment.bodyHtml).toContain('<em>edited</em>');
    expect((await moderator.client.patch(`/api/v1/comments/${c.id}`, { body: 'v3' })).status).toBe(200);
    const revisions = await f.server.hearth.ctx.db.selectFrom('comment_revisions').select(['editor_id', 'body'])
      .where('comment_id', '=', c.id).orderBy('id').execute();
    expect(revisions).toEqual([{ editor_id: author.id, body: 'v1' }, { editor_id: moderator.id, body: 'v2 _edited_' }]);

    expect((await other.client.patch(`/api/v1/comments/${c.id}`, { body: 'mine now' })).status).toBe(403);
    expect((await other.client.delete(`/api/v1/comments/${c.id}`)).status).toBe(403);
    expect((await f.server.client().patch(`/api/v1/comments/${c.id}`, { body: 'x' })).status).toBe(401);
    expect((await f.server.client().delete(`/api/v1/comments/${c.id}`)).status).toBe(401);
    expect((await author.client.patch(`/api/v1/comments/${c.id}`, { body: ' ' })).status).toBe(400);
    expect(await commentCount(post.id)).toBe(2);

    expect((await author.client.delete(`/api/v1/comments/${c.id}`)).status).toBe(204);
    expect(await commentCount(post.id)).toBe(1);
    expect((await author.client.delete(`/api/v1/comments/${c.id}`)).status).toBe(404);
    expect((await author.client.patch(`/api/v1/comments/${c.id}`, { body: 'back' })).status).toBe(404);
    expect(await commentCount(post.id)).toBe(1);
    const items = (await f.server.client().get(`/api/v1/posts/${post.id}/comments`)).body.items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([keep.id]);
    expect((await moderator.client.delete(`/api/v1/comments/${keep.id}`)).status).toBe(204);
    expect(await commentCount(post.id)).toBe(0);
    expect((await f.server.client().get(`/api/v1/users/${other.username}`)).body.counts.comments).toBe(0);
  });

  it('answers 404 for comments on missing or deleted posts, and for missing comments', async () => {
    const m = await f.server.member();
    const post = await writePost(m.client, { categoryId: f.category.id });
    const c = await writeComment(m.client, post.id);
    const profile = async () => (await f.server.client().get(`/api/v1/users/${m.username}`)).body.counts;
    expect(await profile()).toMatchObject({ posts: 1, comments: 1 });
    expect((await m.client.delete(`/api/v1/posts/${post.id}`)).status).toBe(204);
    expect(await profile()).toMatchObject({ posts: 0, comments: 0 });
    expect((await m.client.post(`/api/v1/posts/${post.id}/comments`, { body: 'late' })).status).toBe(404);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}/comments`)).status).toBe(404);
    expect((await m.client.patch(`/api/v1/comments/${c.id}`, { body: 'edit' })).status).toBe(404);
    expect((await m.client.delete(`/api/v1/comments/${c.id}`)).status).toBe(404);
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope']) {
      expect((await m.client.post(`/api/v1/posts/${id}/comments`, { body: 'x' })).status).toBe(404);
      expect((await f.server.client().get(`/api/v1/posts/${id}/comments`)).status).toBe(404);
      expect((await m.client.patch(`/api/v1/comments/${id}`, { body: 'x' })).status).toBe(404);
      expect((await m.client.delete(`/api/v1/comments/${id}`)).status).toBe(404);
    }
  });

  it('ignores server-owned fields in comment bodies', async () => {
    const m = await f.server.member();
    const other = await f.server.member();
    const post = await writePost(m.client, { categoryId: f.category.id });
    const sneaky = { authorId: other.id, likeCount: 50, status: 'hidden', id: 'Y'.repeat(26), postId: 'elsewhere' };
    const res = await m.client.post(`/api/v1/posts/${post.id}/comments`, { body: 'hi', ...sneaky });
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ postId: post.id, author: { id: m.id }, likeCount: 0, status: 'published' });
    const patched = await m.client.patch(`/api/v1/comments/${res.body.comment.id}`, { body: 'ho', ...sneaky });
    expect(patched.body.comment).toMatchObject({ id: res.body.comment.id, body: 'ho', author: { id: m.id }, likeCount: 0, status: 'published' });
  });
});
