import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { createItem, grant, ledgerMismatches, quickMembers } from './test-support.ts';

describe.each(dbTargets())('growth under concurrency on $name', (target) => {
  let server: TestServer;
  let operator: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(target);
    operator = await server.member({ role: 'operator' });
  });
  afterAll(async () => { await server.close(); });

  it('sells exactly 10 of a stock of 10 to 200 members redeeming at once', async () => {
    const members = await quickMembers(server, 200);
    await Promise.all(members.map((m) => grant(operator.client, m.username, 50)));
    const item = await createItem(operator.client, { price: 20, stock: 10 });
    const results = await Promise.all(members.map((m) => m.client.post(`/api/v1/mall/items/${item.id}/redeem`, {})));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(190);
    expect((await server.client().get(`/api/v1/mall/items/${item.id}`)).body.item.stock).toBe(0);
    const winners = results.filter((r) => r.status === 201).map((r) => r.body.order.userId);
    const balances = await server.hearth.ctx.db.selectFrom('point_accounts').select(['user_id', 'balance'])
      .where('user_id', 'in', members.map((m) => m.id)).execute();
    for (const b of balances) expect(Number(b.balance)).toBe(winners.includes(b.user_id) ? 30 : 50);
    expect(await ledgerMismatches(server)).toEqual([]);
  });

  it('lets a member whose balance covers 3 redemptions succeed exactly 3 times out of 50', async () => {
    const [member] = await quickMembers(server, 1);
    await grant(operator.client, member!.username, 35);
    const item = await createItem(operator.client, { price: 10, stock: 1000 });
    const results = await Promise.all(Array.from({ length: 50 }, () => member!.client.post(`/api/v1/mall/items/${item.id}/redeem`, {})));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 422)).toHaveLength(47);
    expect((await member!.client.get('/api/v1/me/points')).body.balance).toBe(5);
    expect((await server.client().get(`/api/v1/mall/items/${item.id}`)).body.item.stock).toBe(997);
    expect(await ledgerMismatches(server)).toEqual([]);
  });

  it('gives 100 parallel requests with one Idempotency-Key one effect and 100 identical responses', async () => {
    const [member] = await quickMembers(server, 1);
    await grant(operator.client, member!.username, 100);
    const item = await createItem(operator.client, { price: 7, stock: 50 });
    const key = `redeem-${member!.id}`;
    const results = await Promise.all(Array.from({ length: 100 }, () =>
      member!.client.post(`/api/v1/mall/items/${item.id}/redeem`, {}, { 'idempotency-key': key })));
    expect(new Set(results.map((r) => `${r.status} ${r.text}`)).size).toBe(1);
    expect(results[0]!.status).toBe(201);
    expect((await member!.client.get('/api/v1/me/orders')).body.items).toHaveLength(1);
    expect((await member!.client.get('/api/v1/me/points')).body.balance).toBe(93);
    expect((await server.client().get(`/api/v1/mall/items/${item.id}`)).body.item.stock).toBe(49);

    // The same key with another body is refused, and changes nothing.
    const other = await member!.client.post(`/api/v1/mall/items/${item.id}/redeem`, { shipping: { name: 'A', phone: '123', address: 'B' } }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect((await member!.client.get('/api/v1/me/points')).body.balance).toBe(93);

    // 100 parallel check-ins under one key: one award, identical answers.
    const checkins = await Promise.all(Array.from({ length: 100 }, () => member!.client.post('/api/v1/me/checkin', {}, { 'idempotency-key': 'checkin-1' })));
    expect(new Set(checkins.map((r) => `${r.status} ${r.text}`)).size).toBe(1);
    expect(checkins[0]).toMatchObject({ status: 201, body: { awarded: 2, streak: 1 } });
    expect(await ledgerMismatches(server)).toEqual([]);
  });

  it('awards two parallel check-ins the same day once', async () => {
    const members = await quickMembers(server, 10);
    for (const m of members) {
      const [a, b] = await Promise.all([m.client.post('/api/v1/me/checkin'), m.client.post('/api/v1/me/checkin')]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((await m.client.get('/api/v1/me/points')).body).toMatchObject({ balance: 2, streak: 1 });
    }
    expect(await ledgerMismatches(server)).toEqual([]);
  });
});
