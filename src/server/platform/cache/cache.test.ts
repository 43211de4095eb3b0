import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../testing/index.ts';
import { MemoryResponseCache } from './index.ts';

describe('memory response cache', () => {
  it('drops what a tag names, and never stores a read that an invalidation overtook', () => {
    const cache = new MemoryResponseCache();
    cache.set('/a', 'A', ['lists'], cache.epoch());
    cache.set('/b', 'B', ['post:1'], cache.epoch());
    const before = cache.epoch();
    cache.invalidate(['lists']);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/b')).toBe('B');
    // A read that began before the invalidation may have seen the old data.
    cache.set('/a', 'stale', ['lists'], before);
    expect(cache.get('/a')).toBeUndefined();
  });

  it('forgets entries after their time to live and keeps within its size', () => {
    const cache = new MemoryResponseCache({ ttlMs: 0, maxEntries: 2 });
    cache.set('/a', 'A', [], cache.epoch());
    expect(cache.get('/a')).toBeUndefined();
    const sized = new MemoryResponseCache({ maxEntries: 2 });
    for (const k of ['/1', '/2', '/3']) sized.set(k, k, [], sized.epoch());
    expect([sized.get('/1'), sized.get('/2'), sized.get('/3')]).toEqual([undefined, '/2', '/3']);
    // A read keeps an entry: the one read least recently goes first.
    sized.get('/2');
    sized.set('/4', '/4', [], sized.epoch());
    expect([sized.get('/2'), sized.get('/3'), sized.get('/4')]).toEqual(['/2', undefined, '/4']);
    const bounded = new MemoryResponseCache<string>({ maxBytes: 10, sizeOf: (v) => v.length });
    for (const k of ['aaaa', 'bbbb', 'cccc']) bounded.set(k, k, [], bounded.epoch());
    expect([bounded.get('aaaa'), bounded.get('bbbb'), bounded.get('cccc')]).toEqual([undefined, 'bbbb', 'cccc']);
    bounded.set('huge', 'x'.repeat(11), [], bounded.epoch());
    expect([bounded.get('huge'), bounded.get('cccc')]).toEqual([undefined, 'cccc']);
  });
});

describe.each(dbTargets())('cached anonymous reads on $name', (target) => {
  let server: TestServer;
  let writer: SignedIn;
  let fan: SignedIn;
  let categoryId: string;
  beforeAll(async () => {
    server = await startTestServer(target);
    writer = await server.member({ role: 'admin' });
    fan = await server.member();
    categoryId = (await writer.client.post('/api/v1/categories', { slug: 'cached', name: 'Cached' })).body.category.id;
  });
  afterAll(async () => { await server.close(); });

  it('shows a visitor every new post, comment and like at once', async () => {
    const visitor = server.client();
    const post = (await writer.client.post('/api/v1/posts', { categoryId, title: 'Fresh', body: 'first' })).body.post;
    const listed = async () => (await visitor.get('/api/v1/posts?sort=latest')).body.items.find((p: { id: string }) => p.id === post.id);
    expect((await listed()).commentCount).toBe(0);
    expect((await visitor.get(`/api/v1/posts/${post.id}/comments`)).body.items).toHaveLength(0);

    await writer.client.post(`/api/v1/posts/${post.id}/comments`, { body: 'hello' });
    expect((await listed()).commentCount).toBe(1);
    expect((await visitor.get(`/api/v1/posts/${post.id}/comments`)).body.items).toHaveLength(1);
    expect((await visitor.get(`/api/v1/posts/${post.id}`)).body.post.commentCount).toBe(1);

    await fan.client.put(`/api/v1/posts/${post.id}/like`);
    expect((await listed()).likeCount).toBe(1);
    expect((await visitor.get(`/api/v1/posts/${post.id}`)).body.post.likeCount).toBe(1);

    await writer.client.patch(`/api/v1/posts/${post.id}`, { title: 'Edited' });
    expect((await visitor.get(`/api/v1/posts/${post.id}`)).body.post.title).toBe('Edited');
    expect((await writer.client.delete(`/api/v1/posts/${post.id}`)).status).toBe(204);
    expect((await visitor.get(`/api/v1/posts/${post.id}`)).status).toBe(404);
    expect(await listed()).toBeUndefined();
  });

  it('still counts each new viewer once a day while repeat views come from the cache', async () => {
    const post = (await writer.client.post('/api/v1/posts', { categoryId, title: 'Viewed', body: 'x' })).body.post;
    const read = (agent: string) => server.client().get(`/api/v1/posts/${post.id}`, { 'user-agent': agent });
    expect((await read('one')).body.post.viewCount).toBe(1);
    expect((await read('one')).body.post.viewCount).toBe(1);
    expect((await read('two')).body.post.viewCount).toBe(2);
    expect((await read('one')).body.post.viewCount).toBe(2);
    // A signed-in member is a viewer of their own and is never served a cached copy.
    expect((await fan.client.get(`/api/v1/posts/${post.id}`)).body.post.viewCount).toBe(3);
  });
});
