import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type TestServer } from '../../platform/testing/index.ts';

describe.each(dbTargets())('profile lists and the following feed on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  it('lists followers and followed members newest first, page by page', async () => {
    const star = await server.member();
    const fans = [];
    for (let i = 0; i < 5; i++) {
      const fan = await server.member();
      expect((await fan.client.put(`/api/v1/users/${star.username}/follow`)).status).toBe(200);
      fans.push(fan);
    }
    const anon = server.client();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { user: { username: string }; followedAt: string }[]; nextCursor: string | null } } =
        await anon.get(`/api/v1/users/${star.username}/followers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((i) => i.user.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(fans.map((f) => f.username).reverse());
    const following = await anon.get(`/api/v1/users/${fans[0]!.username}/following`);
    expect(following.body.items.map((i: { user: { username: string } }) => i.user.username)).toEqual([star.username]);
    expect((await anon.get('/api/v1/users/nobody-here-at-all/followers')).status).toBe(404);
    expect((await anon.get(`/api/v1/users/${star.username}/followers?cursor=garbage`)).status).toBe(400);
  });

  it("shows a member's visible comments on their profile and a following feed to signed-in members", async () => {
    const admin = await server.member({ role: 'admin' });
    const writer = await server.member();
    const reader = await server.member();
    const other = await server.member();
    const categoryId = (await admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'General' })).body.category.id;
    const followedPost = (await writer.client.post('/api/v1/posts', { categoryId, title: 'From someone I follow', body: 'x' })).body.post;
    await other.client.post('/api/v1/posts', { categoryId, title: 'From a stranger', body: 'y' });
    expect((await reader.client.put(`/api/v1/users/${writer.username}/follow`)).status).toBe(200);

    const feed = await reader.client.get('/api/v1/posts?following=true');
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((p: { id: string }) => p.id)).toEqual([followedPost.id]);
    expect((await server.client().get('/api/v1/posts?following=true')).status).toBe(401);

    const kept = (await writer.client.post(`/api/v1/posts/${followedPost.id}/comments`, { body: 'my **own** note' })).body.comment;
    const gone = (await writer.client.post(`/api/v1/posts/${followedPost.id}/comments`, { body: 'deleted later' })).body.comment;
    expect((await writer.client.delete(`/api/v1/comments/${gone.id}`)).status).toBe(204);
    const comments = await server.client().get(`/api/v1/users/${writer.username}/comments`);
    expect(comments.body.items).toEqual([
      expect.objectContaining({ id: kept.id, postId: followedPost.id, postTitle: 'From someone I follow', excerpt: 'my own note' }),
    ]);
  });
});
