import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { contentFixture, createCategory, writeComment, writePost, type ContentFixture } from './test-support.ts';

describe.each(dbTargets())('likes on $name', (target) => {
  let f: ContentFixture;
  beforeAll(async () => { f = await contentFixture(target); });
  afterAll(async () => { await f.server.close(); });

  const likeRows = (targetId: string) => f.server.hearth.ctx.db.selectFrom('likes').select('user_id').where('target_id', '=', targetId).execute();

  it('likes and unlikes posts and comments idempotently', async () => {
    const author = await f.server.member();
    const fan = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const comment = await writeComment(author.client, post.id);
    for (const [path, read] of [
      [`/api/v1/posts/${post.id}`, async () => (await fan.client.get(`/api/v1/posts/${post.id}`)).body.post],
      [`/api/v1/comments/${comment.id}`, async () => (await fan.client.get(`/api/v1/posts/${post.id}/comments`)).body.items[0]],
    ] as const) {
      expect(await fan.client.put(`${path}/like`)).toMatchObject({ status: 200, body: { liked: true, likeCount: 1 } });
      expect(await fan.client.put(`${path}/like`)).toMatchObject({ status: 200, body: { liked: true, likeCount: 1 } });
      expect(await read()).toMatchObject({ likeCount: 1, likedByMe: true });
      expect(await author.client.put(`${path}/like`)).toMatchObject({ status: 200, body: { liked: true, likeCount: 2 } });
      expect(await fan.client.delete(`${path}/like`)).toMatchObject({ status: 200, body: { liked: false, likeCount: 1 } });
      expect(await fan.client.delete(`${path}/like`)).toMatchObject({ status: 200, body: { liked: false, likeCount: 1 } });
      expect(await read()).toMatchObject({ likeCount: 1, likedByMe: false });
      expect((await f.server.client().put(`${path}/like`)).status).toBe(401);
      expect((await f.server.client().delete(`${path}/like`)).status).toBe(401);
    }
    // Unliking something never liked changes nothing.
    const fresh = await writePost(author.client, { categoryId: f.category.id });
    expect(await fan.client.delete(`/api/v1/posts/${fresh.id}/like`)).toMatchObject({ status: 200, body: { liked: false, likeCount: 0 } });
  });

  it('counts 100 parallel likes by one member once', async () => {
    const author = await f.server.member();
    const fan = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const comment = await writeComment(author.client, post.id);
    for (const path of [`/api/v1/posts/${post.id}`, `/api/v1/comments/${comment.id}`]) {
      const results = await Promise.all(Array.from({ length: 100 }, () => fan.client.put(`${path}/like`)));
      expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
      expect(results.every((r) => r.body.liked === true && r.body.likeCount === 1)).toBe(true);
    }
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).body.post.likeCount).toBe(1);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}/comments`)).body.items[0].likeCount).toBe(1);
    expect(await likeRows(post.id)).toEqual([{ user_id: fan.id }]);

    const unlikes = await Promise.all(Array.from({ length: 50 }, () => fan.client.delete(`/api/v1/posts/${post.id}/like`)));
    expect(unlikes.every((r) => r.status === 200 && r.body.likeCount === 0)).toBe(true);
    expect(await likeRows(post.id)).toEqual([]);
  });

  it('counts 20 members liking in parallel as 20', async () => {
    const author = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const comment = await writeComment(author.client, post.id);
    const fans = await Promise.all(Array.from({ length: 20 }, () => f.server.member()));
    await Promise.all(fans.flatMap((fan) => [fan.client.put(`/api/v1/posts/${post.id}/like`), fan.client.put(`/api/v1/comments/${comment.id}/like`)]));
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).body.post.likeCount).toBe(20);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}/comments`)).body.items[0].likeCount).toBe(20);
    expect(await likeRows(post.id)).toHaveLength(20);

    await Promise.all(fans.slice(0, 5).map((fan) => fan.client.delete(`/api/v1/posts/${post.id}/like`)));
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).body.post.likeCount).toBe(15);
  });

  it('answers 404 for likes of deleted or missing posts and comments', async () => {
    const author = await f.server.member();
    const fan = await f.server.member();
    const post = await writePost(author.client, { categoryId: f.category.id });
    const comment = await writeComment(author.client, post.id);
    const gone = await writeComment(author.client, post.id);
    expect((await author.client.delete(`/api/v1/comments/${gone.id}`)).status).toBe(204);
    expect((await fan.client.put(`/api/v1/comments/${gone.id}/like`)).status).toBe(404);
    expect((await fan.client.put(`/api/v1/posts/${post.id}/like`)).status).toBe(200);
    expect((await author.client.delete(`/api/v1/posts/${post.id}`)).status).toBe(204);
    for (const path of [`/api/v1/posts/${post.id}`, `/api/v1/comments/${comment.id}`, '/api/v1/posts/nope', '/api/v1/comments/01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      const liked = await fan.client.put(`${path}/like`);
      expect(liked.status, path).toBe(404);
      expect(liked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await fan.client.delete(`${path}/like`)).status, path).toBe(404);
    }
    // A comment id is not a post id, nor the other way round.
    const other = await writePost(author.client, { categoryId: f.category.id });
    const otherComment = await writeComment(author.client, other.id);
    expect((await fan.client.put(`/api/v1/posts/${otherComment.id}/like`)).status).toBe(404);
    expect((await fan.client.put(`/api/v1/comments/${other.id}/like`)).status).toBe(404);
  });

  it('raises a post in the top list as it gains likes', async () => {
    const author = await f.server.member();
    const category = await createCategory(f.admin.client);
    const [a, b] = [await writePost(author.client, { categoryId: category.id }), await writePost(author.client, { categoryId: category.id })];
    const fans = await Promise.all(Array.from({ length: 3 }, () => f.server.member()));
    for (const fan of fans) await fan.client.put(`/api/v1/posts/${a.id}/like`);
    await fans[0]!.client.put(`/api/v1/posts/${b.id}/like`);
    const top = (await f.server.client().get(`/api/v1/posts?sort=top&category=${category.id}`)).body.items;
    expect(top.map((p: { id: string; likeCount: number }) => [p.id, p.likeCount])).toEqual([[a.id, 3], [b.id, 1]]);
  });
});
