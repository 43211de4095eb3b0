import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type SignedIn, type TestClient, type TestServer } from '../../platform/testing/index.ts';
import { pickCandidate } from './lottery.ts';
import { createItem, grant, ledgerMismatches, quickMembers } from './test-support.ts';

describe.each(dbTargets())('growth on $name', (target) => {
  let server: TestServer;
  let operator: SignedIn;
  let categoryId: string;
  beforeAll(async () => {
    server = await startTestServer(target);
    operator = await server.member({ role: 'operator' });
    const admin = await server.member({ role: 'admin' });
    const cat = await admin.client.post('/api/v1/categories', { slug: uniqueName('cat').toLowerCase(), name: 'General' });
    categoryId = cat.body.category.id;
  });
  afterAll(async () => { await server.close(); });

  const settle = () => server.hearth.bus.idle();
  const points = async (c: TestClient) => (await c.get('/api/v1/me/points')).body;
  async function post(c: TestClient): Promise<string> {
    const res = await c.post('/api/v1/posts', { categoryId, title: 'Hello', body: 'World' });
    if (res.status !== 201) throw new Error(`post ${res.status} ${res.text}`);
    await settle();
    return res.body.post.id;
  }

  it('earns for posts and likes received, never for self-likes, and reverses on delete or unlike', async () => {
    const [author, fan] = await quickMembers(server, 2);
    const postId = await post(author!.client);
    // 5 for the post, plus the newcomer task "first post" (10) and the daily task "post once" (3).
    expect(await points(author!.client)).toMatchObject({ balance: 18, level: { number: 1 }, streak: 0 });
    await author!.client.put(`/api/v1/posts/${postId}/like`);
    await fan!.client.put(`/api/v1/posts/${postId}/like`);
    await settle();
    expect((await points(author!.client)).balance).toBe(19);
    const likes = await server.client().get('/api/v1/growth/leaderboards/likes?period=day');
    expect(likes.body.items).toContainEqual({ rank: expect.any(Number), value: 1, user: { id: author!.id, username: author!.username } });

    // Like, unlike, like again: earned once, reversed once, and never earned again.
    await fan!.client.delete(`/api/v1/posts/${postId}/like`);
    await settle();
    await fan!.client.put(`/api/v1/posts/${postId}/like`);
    await settle();
    expect((await points(author!.client)).balance).toBe(18);

    expect((await author!.client.delete(`/api/v1/posts/${postId}`)).status).toBeLessThan(300);
    await settle();
    expect((await points(author!.client)).balance).toBe(13);
    const ledger = (await author!.client.get('/api/v1/me/points/ledger')).body.items;
    expect(ledger.map((e: { amount: number; reason: string }) => [e.amount, e.reason])).toEqual([
      [-5, 'reversal.post'], [-1, 'reversal.like_received'], [1, 'like_received'], [3, 'task.daily-post'], [10, 'task.first-post'], [5, 'post'],
    ]);
    expect(ledger[0]).toMatchObject({ balanceAfter: 13 });
    // Replaying the events pays nothing twice.
    server.hearth.bus.publish('content.post.created', { postId, authorId: author!.id, categoryId });
    server.hearth.bus.publish('content.post.deleted', { postId, authorId: author!.id, deletedBy: author!.id });
    await settle();
    expect((await points(author!.client)).balance).toBe(13);
    expect(await ledgerMismatches(server)).toEqual([]);
  });

  it('applies operator-edited rules and caps, and refuses members', async () => {
    const [writer] = await quickMembers(server, 1);
    const rule = { action: 'comment', points: 3, cycle: 'daily', cap: 2 };
    expect((await writer!.client.put('/api/v1/growth/rules', { rules: [rule] })).status).toBe(403);
    const res = await operator.client.put('/api/v1/growth/rules', { rules: [rule] });
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual(rule);
    const postId = await post(writer!.client);
    for (let i = 0; i < 3; i++) await writer!.client.post(`/api/v1/posts/${postId}/comments`, { body: `c${i}` });
    await settle();
    // Post with its two tasks (18), two capped comments (3 + 3), the daily task "comment 3 times" (3).
    expect((await points(writer!.client)).balance).toBe(18 + 3 + 3 + 3);
    await operator.client.put('/api/v1/growth/rules', { rules: [{ action: 'comment', points: 2, cycle: 'daily', cap: 20 }] });
  });

  it('pays a burst of parallel comments as one by one: up to the cap, each once, and a replay pays nothing', async () => {
    const [writer] = await quickMembers(server, 1);
    await operator.client.put('/api/v1/growth/rules', { rules: [{ action: 'comment', points: 3, cycle: 'daily', cap: 4 }] });
    const postId = await post(writer!.client);
    // Comments that arrive together are awarded in one batch (EventBus.subscribeBatch).
    const ids = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      const res = await writer!.client.post(`/api/v1/posts/${postId}/comments`, { body: `c${i}` });
      expect(res.status).toBe(201);
      return res.body.comment.id as string;
    }));
    await settle();
    // Post with its two tasks (18), four capped comments (4 × 3), the daily task "comment 3 times" (3).
    expect((await points(writer!.client)).balance).toBe(18 + 12 + 3);
    const ledger = (await writer!.client.get('/api/v1/me/points/ledger')).body.items as { reason: string }[];
    expect(ledger.filter((e) => e.reason === 'comment')).toHaveLength(4);
    for (const commentId of ids) server.hearth.bus.publish('content.comment.created', {
      commentId, postId, authorId: writer!.id, postAuthorId: writer!.id, parentId: null, parentAuthorId: null,
    });
    await settle();
    expect((await points(writer!.client)).balance).toBe(18 + 12 + 3);
    const tasks = (await writer!.client.get('/api/v1/me/tasks')).body.items as { id: string; progress: number }[];
    expect(tasks.find((t) => t.id === 'daily-comments')).toMatchObject({ progress: 3, rewarded: true });
    expect(await ledgerMismatches(server)).toEqual([]);
    await operator.client.put('/api/v1/growth/rules', { rules: [{ action: 'comment', points: 2, cycle: 'daily', cap: 20 }] });
  });

  it('checks in once a day with a calendar, in both languages', async () => {
    const [m] = await quickMembers(server, 1);
    expect(await m!.client.post('/api/v1/me/checkin')).toMatchObject({ status: 201, body: { awarded: 2, streak: 1 } });
    const again = await m!.client.post('/api/v1/me/checkin', {}, { 'accept-language': 'en' });
    expect(again).toMatchObject({ status: 409, body: { detail: 'You have already checked in today' } });
    expect((await m!.client.post('/api/v1/me/checkin')).body.detail).toBe('今天已经签到过了');
    const cal = (await m!.client.get('/api/v1/me/checkin/calendar')).body;
    expect(cal).toMatchObject({ timeZone: 'Asia/Shanghai', checkedInToday: true, streak: 1, makeUpEnabled: false });
    expect(cal.days).toEqual([{ day: cal.today, streak: 1, awarded: 2 }]);
    expect((await m!.client.get('/api/v1/me/checkin/calendar?month=2026-13')).status).toBe(400);
  });

  it('raises levels with earned points, keeps them when spending, and lets operators edit levels', async () => {
    const [m] = await quickMembers(server, 1);
    await grant(operator.client, m!.username, 60);
    expect(await points(m!.client)).toMatchObject({ balance: 60, level: { number: 2, name: '学徒', nextAt: 150 } });
    const item = await createItem(operator.client, { price: 40, stock: 5 });
    expect((await m!.client.post(`/api/v1/mall/items/${item.id}/redeem`)).status).toBe(201);
    expect((await m!.client.get('/api/v1/me/points', { 'accept-language': 'en' })).body).toMatchObject({ balance: 20, earned: 60, level: { number: 2, name: 'Apprentice' } });
    expect((await server.client().get(`/api/v1/users/${m!.username}`)).body).toMatchObject({ points: 20, level: 2 });

    const levels = (await server.client().get('/api/v1/growth/levels')).body.items;
    expect(levels).toHaveLength(10);
    const bad = levels.map((l: { threshold: number }, i: number) => ({ ...l, threshold: i === 3 ? 1 : l.threshold }));
    expect((await operator.client.put('/api/v1/growth/levels', { levels: bad })).status).toBe(400);
    const cheaper = levels.map((l: { threshold: number; number: number }) => ({ ...l, threshold: l.number === 2 ? 10 : l.threshold, ...(l.number === 2 ? { nameEn: 'Newcomer' } : {}) }));
    expect((await operator.client.put('/api/v1/growth/levels', { levels: cheaper })).status).toBe(200);
    expect((await m!.client.get('/api/v1/me/points', { 'accept-language': 'en' })).body.level).toMatchObject({ number: 2, name: 'Newcomer' });
    await operator.client.put('/api/v1/growth/levels', { levels });
  });

  it('keeps ledger entries immutable in the database itself', async () => {
    const [m] = await quickMembers(server, 1);
    await grant(operator.client, m!.username, 5);
    const { db } = server.hearth.ctx;
    await expect(sql`update point_entries set amount = 500 where user_id = ${m!.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from point_entries where user_id = ${m!.id}`.execute(db)).rejects.toThrow(/append-only/);
    expect((await points(m!.client)).balance).toBe(5);
    // A deduction below zero is refused.
    expect((await operator.client.post('/api/v1/growth/grants', { username: m!.username, amount: -6, reason: 'fix' })).status).toBe(422);
    expect((await operator.client.post('/api/v1/growth/grants', { username: 'nobody-here', amount: 6, reason: 'x' })).status).toBe(404);
  });

  it('ranks leaderboards with ties and the viewer rank', async () => {
    const ms = await quickMembers(server, 3);
    for (const [i, m] of ms.entries()) await grant(operator.client, m.username, [10_000, 20_000, 10_000][i]!);
    const res = await ms[0]!.client.get('/api/v1/growth/leaderboards/points?period=week&limit=3');
    expect(res.body.items.map((x: { rank: number; value: number }) => [x.rank, x.value])).toEqual([[1, 20_000], [2, 10_000], [2, 10_000]]);
    expect(res.body.me).toEqual({ rank: 2, value: 10_000 });
    expect((await server.client().get('/api/v1/growth/leaderboards/answers')).body).toMatchObject({ items: [], me: null });
    expect((await server.client().get('/api/v1/growth/leaderboards/nope')).status).toBe(400);
  });

  it('runs mall orders: shipping for physical items, per-member limits, fulfil and cancel with refund', async () => {
    const [m] = await quickMembers(server, 1);
    await grant(operator.client, m!.username, 100);
    const mug = await createItem(operator.client, { name: 'Mug', kind: 'physical', price: 30, stock: 3, perMemberLimit: 2 });
    expect((await m!.client.post(`/api/v1/mall/items/${mug.id}/redeem`, {})).status).toBe(400);
    const shipping = { name: '张三', phone: '13800000000', address: '北京市' };
    const first = await m!.client.post(`/api/v1/mall/items/${mug.id}/redeem`, { shipping });
    expect(first).toMatchObject({ status: 201, body: { order: { status: 'pending', itemId: mug.id, price: 30, shipping } } });
    expect((await m!.client.post(`/api/v1/mall/items/${mug.id}/redeem`, { shipping })).status).toBe(201);
    expect((await m!.client.post(`/api/v1/mall/items/${mug.id}/redeem`, { shipping })).status).toBe(422);
    expect((await m!.client.patch(`/api/v1/mall/orders/${first.body.order.id}`, { status: 'fulfilled' })).status).toBe(403);
    const pending = await operator.client.get('/api/v1/mall/orders?status=pending');
    expect(pending.body.items.map((o: { id: string }) => o.id)).toContain(first.body.order.id);
    expect((await operator.client.patch(`/api/v1/mall/orders/${first.body.order.id}`, { status: 'cancelled' })).body.order.status).toBe('cancelled');
    expect((await operator.client.patch(`/api/v1/mall/orders/${first.body.order.id}`, { status: 'fulfilled' })).status).toBe(409);
    expect((await points(m!.client)).balance).toBe(70);
    expect((await server.client().get(`/api/v1/mall/items/${mug.id}`)).body.item.stock).toBe(2);
    // The cancelled order no longer counts toward the limit.
    expect((await m!.client.post(`/api/v1/mall/items/${mug.id}/redeem`, { shipping })).status).toBe(201);
    const mine = (await m!.client.get('/api/v1/me/orders')).body.items;
    expect(mine.map((o: { status: string }) => o.status).sort()).toEqual(['cancelled', 'pending', 'pending']);
    const later = await createItem(operator.client, { startsAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await m!.client.post(`/api/v1/mall/items/${later.id}/redeem`)).status).toBe(422);
    expect((await m!.client.post('/api/v1/mall/items/01ARZ3NDEKTSV4RRFFQ69G5FAV/redeem')).status).toBe(404);
  });

  it('draws verifiably, never draws an exhausted prize, and reveals the seed on close', async () => {
    const ms = await quickMembers(server, 4);
    for (const m of ms) await grant(operator.client, m.username, 100);
    const created = await operator.client.post('/api/v1/lotteries', {
      name: 'Spring', cost: 5, perMemberDailyLimit: 5, blankWeight: 1, prizes: [{ name: 'Gold', weight: 5, stock: 2 }, { name: 'Silver', weight: 10, stock: 3 }],
    });
    expect(created.status).toBe(201);
    const lottery = created.body.lottery;
    expect(lottery.seed).toBeNull();
    const draws = await Promise.all(ms.flatMap((m) => Array.from({ length: 5 }, () => m.client.post(`/api/v1/lotteries/${lottery.id}/draw`))));
    expect(draws.filter((d) => d.status !== 201).map((d) => d.text)).toEqual([]);
    expect((await ms[0]!.client.post(`/api/v1/lotteries/${lottery.id}/draw`)).status).toBe(422);
    const won = draws.map((d) => d.body.draw.prize?.name).filter(Boolean);
    expect(won.filter((n) => n === 'Gold').length).toBeLessThanOrEqual(2);
    expect(won.filter((n) => n === 'Silver').length).toBeLessThanOrEqual(3);
    expect((await ms[0]!.client.get('/api/v1/me/points')).body.balance).toBe(75);

    const closed = await operator.client.post(`/api/v1/lotteries/${lottery.id}/close`);
    expect(closed.body.lottery.seedHash).toBe(lottery.seedHash);
    const seed: string = closed.body.lottery.seed;
    expect(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')).toBe(lottery.seedHash);
    const listed = (await server.client().get(`/api/v1/lotteries/${lottery.id}/draws?limit=100`)).body;
    expect(listed.items).toHaveLength(20);
    for (const d of listed.items) {
      const i = pickCandidate(seed, d.id, d.candidates);
      expect(d.candidates[i].blank ? null : { name: d.candidates[i].name }).toEqual(d.prize);
    }
    expect((await ms[1]!.client.post(`/api/v1/lotteries/${lottery.id}/draw`)).status).toBe(422);
    expect(await ledgerMismatches(server)).toEqual([]);
  });

  it('credits the inviter only after the invitee first posts', async () => {
    const [inviter] = await quickMembers(server, 1);
    const invite = (await inviter!.client.get('/api/v1/me/invite')).body;
    expect(invite.url).toContain(`invite=${invite.code}`);
    const username = uniqueName('inv');
    const client = server.client();
    const reg = await client.post('/api/v1/auth/register', { username, email: `${username}@example.test`, password: 'a long enough pass phrase 42', inviteCode: invite.code });
    expect(reg.status).toBe(201);
    await settle();
    expect((await points(inviter!.client)).balance).toBe(0);
    await post(client);
    await post(client);
    expect((await points(inviter!.client)).balance).toBe(10);
  });

  it('pays newcomer tasks and rule badges automatically, and lets operators grant badges', async () => {
    const [m] = await quickMembers(server, 1);
    await post(m!.client);
    const tasks = (await m!.client.get('/api/v1/me/tasks', { 'accept-language': 'en' })).body.items;
    expect(tasks.find((t: { id: string }) => t.id === 'first-post')).toMatchObject({ done: true, rewarded: true, title: 'Write your first post' });
    expect(tasks.find((t: { id: string }) => t.id === 'follow-3')).toMatchObject({ progress: 0, target: 3, done: false });
    expect((await points(m!.client)).balance).toBe(5 + 10 + 3);
    expect((await m!.client.get('/api/v1/me/tasks')).status).toBe(200);
    expect((await points(m!.client)).balance).toBe(18);
    // Writing a bio completes the profile task without a visit to the tasks page.
    expect((await m!.client.patch('/api/v1/me', { bio: '喜欢爬山和摄影' })).status).toBe(200);
    await settle();
    expect((await points(m!.client)).balance).toBe(28);

    const slug = uniqueName('b').toLowerCase();
    expect((await operator.client.post('/api/v1/growth/badges', { slug, nameZh: '元老', nameEn: 'Elder' })).status).toBe(201);
    expect((await operator.client.post(`/api/v1/growth/badges/${slug}/grants`, { username: m!.username })).status).toBe(201);
    const badges = (await server.client().get(`/api/v1/users/${m!.username}/badges`)).body.items;
    expect(badges.map((b: { slug: string }) => b.slug)).toEqual(['first-post', slug]);
  });
});
