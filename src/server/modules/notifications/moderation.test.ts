import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type SignedIn, type TestServer } from '../../platform/testing/index.ts';

describe.each(dbTargets())('moderation notices on $name', (target) => {
  let server: TestServer;
  let mod: SignedIn;
  let author: SignedIn;
  let replier: SignedIn;
  let postId: string;

  beforeAll(async () => {
    server = await startTestServer(target);
    const admin = await server.member({ role: 'admin' });
    mod = await server.member({ role: 'moderator' });
    author = await server.member();
    replier = await server.member();
    const categoryId = (await admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'General' })).body.category.id;
    expect((await mod.client.post('/api/v1/moderation/words', { pattern: '代开发票', action: 'review', category: '广告' })).status).toBe(201);
    postId = (await author.client.post('/api/v1/posts', { categoryId, title: 'Ask me', body: 'anything' })).body.post.id;
  });
  afterAll(async () => { await server.close(); });

  const notifications = async (who: SignedIn) => {
    await server.hearth.bus.idle();
    return (await who.client.get('/api/v1/notifications')).body;
  };
  const queueItemFor = async (targetId: string) =>
    (await mod.client.get('/api/v1/moderation/queue?limit=100')).body.items.find((i: { targetId: string }) => i.targetId === targetId);

  it('tells nobody about held content until it is approved, then the post author and the replier hear of it', async () => {
    const held = await replier.client.post(`/api/v1/posts/${postId}/comments`, { body: `@${author.username} 代开发票 cheap` });
    expect(held.status).toBe(201);
    expect(held.body.comment.status).toBe('pending');
    expect((await notifications(author)).items).toEqual([]);

    const item = await queueItemFor(held.body.comment.id);
    expect((await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'approve' })).status).toBe(200);

    const forAuthor = await notifications(author);
    expect(forAuthor.items.map((n: { kind: string }) => n.kind)).toEqual(['mention']);
    expect(forAuthor.items[0].subject.id).toBe(held.body.comment.id);
    const forReplier = await notifications(replier);
    expect(forReplier.items[0]).toMatchObject({ kind: 'moderation', moderation: { action: 'approve' } });
    expect(forReplier.items[0].actor.username).not.toBe(mod.username);
  });

  it('tells the author about a rejection with the note, even though the content is now hidden', async () => {
    const held = await replier.client.post(`/api/v1/posts/${postId}/comments`, { body: '代开发票 again' });
    const item = await queueItemFor(held.body.comment.id);
    const decision = await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'reject', note: '请勿发布广告' });
    expect(decision.status).toBe(200);
    const page = await notifications(replier);
    const notice = page.items.find((n: { subject: { id: string } }) => n.subject.id === held.body.comment.id);
    expect(notice).toMatchObject({ kind: 'moderation', read: false, moderation: { action: 'reject', note: '请勿发布广告', appealable: true } });
    expect(page.unreadCount).toBeGreaterThanOrEqual(2);
    // Others still cannot read the hidden comment.
    expect((await server.client().get(`/api/v1/posts/${postId}/comments`)).body.items.map((c: { id: string }) => c.id)).not.toContain(held.body.comment.id);
    expect((await notifications(author)).items.some((n: { subject: { id: string } }) => n.subject.id === held.body.comment.id)).toBe(false);
  });
});
