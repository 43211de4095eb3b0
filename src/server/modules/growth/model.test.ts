import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { createItem, ledgerMismatches, quickMembers, type QuickMember } from './test-support.ts';

/**
 * A model run of the ledger: random sequences of grants, deductions, redemptions (some sent in
 * parallel bursts) and cancellations with refunds, checked against a simple in-memory model
 * after every step: each balance equals the model, every balance equals the sum of its
 * entries, and stock never goes below zero.
 */
type Command =
  | { kind: 'grant'; who: number; amount: number }
  | { kind: 'redeem'; who: number; item: number; burst: number }
  | { kind: 'cancel'; nth: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('grant' as const), who: fc.nat(2), amount: fc.integer({ min: -40, max: 60 }).filter((n) => n !== 0) }),
  fc.record({ kind: fc.constant('redeem' as const), who: fc.nat(2), item: fc.nat(1), burst: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('cancel' as const), nth: fc.nat(20) }),
);

describe.each(dbTargets())('ledger model on $name', (target) => {
  let server: TestServer;
  let operator: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(target);
    operator = await server.member({ role: 'operator' });
  });
  afterAll(async () => { await server.close(); });

  it('keeps balance = sum of entries and stock ≥ 0 under random sequences', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 15 }), async (commands) => {
      const members: QuickMember[] = await quickMembers(server, 3);
      const prices = [7, 13];
      const items = [await createItem(operator.client, { price: prices[0], stock: 4 }), await createItem(operator.client, { price: prices[1], stock: 2 })];
      const balance = [0, 0, 0];
      const stock = [4, 2];
      const orders: { id: string; who: number; item: number; open: boolean }[] = [];
      for (const c of commands) {
        if (c.kind === 'grant') {
          const res = await operator.client.post('/api/v1/growth/grants', { username: members[c.who]!.username, amount: c.amount, reason: 'model' });
          const expected = balance[c.who]! + c.amount >= 0 ? 201 : 422;
          expect(res.status).toBe(expected);
          if (expected === 201) balance[c.who]! += c.amount;
        } else if (c.kind === 'redeem') {
          const results = await Promise.all(Array.from({ length: c.burst }, () =>
            members[c.who]!.client.post(`/api/v1/mall/items/${items[c.item]!.id}/redeem`, {})));
          for (const r of results) {
            expect([201, 409, 422]).toContain(r.status);
            if (r.status === 201) {
              balance[c.who]! -= prices[c.item]!;
              stock[c.item]! -= 1;
              orders.push({ id: r.body.order.id, who: c.who, item: c.item, open: true });
            }
          }
          // Exactly as many succeeded as both the balance and the stock allowed.
          const ok = results.filter((r) => r.status === 201).length;
          const couldAfford = Math.floor((balance[c.who]! + ok * prices[c.item]!) / prices[c.item]!);
          expect(ok).toBe(Math.min(c.burst, couldAfford, stock[c.item]! + ok));
        } else {
          const order = orders.filter((o) => o.open)[c.nth % Math.max(1, orders.length)];
          if (!order) continue;
          const res = await operator.client.patch(`/api/v1/mall/orders/${order.id}`, { status: 'cancelled' });
          expect(res.status).toBe(200);
          order.open = false;
          balance[order.who]! += prices[order.item]!;
          stock[order.item]! += 1;
        }
        for (const [i, m] of members.entries()) expect((await m.client.get('/api/v1/me/points')).body.balance).toBe(balance[i]);
      }
      for (const [i, it] of items.entries()) {
        const left = (await server.client().get(`/api/v1/mall/items/${it.id}`)).body.item.stock;
        expect(left).toBe(stock[i]);
        expect(left).toBeGreaterThanOrEqual(0);
      }
      expect(await ledgerMismatches(server)).toEqual([]);
    }), { numRuns: 15 });
  });
});
