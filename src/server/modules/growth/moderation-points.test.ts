import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type SignedIn, type TestServer } from '../../platform/testing/index.ts';

describe.each(dbTargets())('points and moderation on $name', (target) => {
  let server: TestServer;
  let mod: SignedIn;
  let categoryId: string;
  beforeAll(async () => {
    server = await startTestServer(target);
    const admin = await server.member({ role: 'admin' });
    mod = await server.member({ role: 'moderator' });
    categoryId = (await admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'General' })).body.category.id;
    expect((await mod.client.post('/api/v1/moderation/words', { pattern: '代开发票', action: 'review', category: '广告' })).status).toBe(201);
  });
  afterAll(async () => { await server.close(); });

  const balance = async (who: SignedIn) => {
    await server.hearth.bus.idle();
    return (await who.client.get('/api/v1/me/points')).body.balance as number;
  };

  it('pays for held content only once it is approved', async () => {
    const author = await server.member();
    const held = await author.client.post('/api/v1/posts', { categoryId, title: '发票', body: '代开发票 请联系' });
    expect(held.body.post.status).toBe('pending');
    expect(await balance(author)).toBe(0);
    const queue = (await mod.client.get('/api/v1/moderation/queue?limit=100')).body.items;
    const item = queue.find((i: { targetId: string }) => i.targetId === held.body.post.id);
    expect((await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'approve' })).status).toBe(200);
    // The post's 5 points, plus whatever newcomer task the first post completes.
    expect(await balance(author)).toBeGreaterThanOrEqual(5);
    const ledger = (await author.client.get('/api/v1/me/points/ledger')).body.items as { amount: number }[];
    expect(ledger.some((e) => e.amount === 5)).toBe(true);
  });

  it('takes back what content earned when reports hide it', async () => {
    const author = await server.member();
    const post = (await author.client.post('/api/v1/posts', { categoryId, title: 'Ordinary', body: 'an ordinary post' })).body.post;
    const earned = await balance(author);
    expect(earned).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < 5; i++) {
      const reporter = await server.member();
      expect((await reporter.client.post('/api/v1/reports', { targetType: 'post', targetId: post.id, reason: 'spam' })).status).toBe(201);
    }
    expect((await mod.client.get(`/api/v1/posts/${post.id}`)).body.post.status).toBe('hidden');
    expect(await balance(author)).toBe(earned - 5);
  });
});
