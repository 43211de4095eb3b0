import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type TestServer } from '../../platform/testing/index.ts';

describe.each(dbTargets())('levels shown beside content on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  it('shows the author level on posts, lists, comments and the profile', async () => {
    const admin = await server.member({ role: 'admin' });
    const author = await server.member();
    const categoryId = (await admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'General' })).body.category.id;
    const post = (await author.client.post('/api/v1/posts', { categoryId, title: 'Levels', body: 'who am I' })).body.post;
    expect(post.author.level).toBe(1);

    // Lv2 starts at 50 earned points.
    expect((await admin.client.post('/api/v1/growth/grants', { username: author.username, amount: 60, reason: 'welcome' })).status).toBe(201);
    await server.hearth.bus.idle();
    const anon = server.client();
    expect((await anon.get(`/api/v1/users/${author.username}`)).body.level).toBe(2);
    expect((await author.client.get(`/api/v1/posts/${post.id}`)).body.post.author.level).toBe(2);
    const list = (await author.client.get(`/api/v1/posts?author=${author.username}`)).body.items;
    expect(list[0].author.level).toBe(2);
    const comment = (await author.client.post(`/api/v1/posts/${post.id}/comments`, { body: 'me again' })).body.comment;
    expect(comment.author.level).toBe(2);
  });
});
