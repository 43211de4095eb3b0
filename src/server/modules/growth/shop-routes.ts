import { Type } from '@sinclair/typebox';
import { decodeCursor, raise, responses, splitPage } from '../../platform/http/index.ts';
import { idempotent } from '../../platform/idempotency/index.ts';
import type { Routes } from '../../platform/module.ts';
import { closeLottery, createLottery, draw, presentDraw, presentLottery } from './lottery.ts';
import { createItem, presentItem, presentOrder, redeem, setOrderStatus } from './mall.ts';
import {
  Draw, DrawPage, IdParams, ItemBody, ItemList, LedgerQuery, Lottery, LotteryBody, LotteryList, MallItem, Order, OrderPage, OrderPatch,
  OrdersQuery, RedeemBody,
} from './schema.ts';

const IDEMPOTENT = 'Honours the Idempotency-Key header: a repeated key replays the first response; the same key with another body is 422.';

/** The points mall (积分商城) and lotteries (抽奖): where points are spent. */
export function shopRoutes(): Routes {
  return async (app) => {
    const { db } = app.hearth;

    app.post('/mall/items', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags: ['mall'], summary: 'Create a mall item', description: IDEMPOTENT, body: ItemBody, response: responses({ 201: Type.Object({ item: MallItem }) }) },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 201, body: { item: presentItem(await createItem(trx, request.actor!.userId, request.body)) },
    })));

    app.get('/mall/items', {
      config: { auth: 'public' },
      schema: { tags: ['mall'], summary: 'Mall items, newest first', response: responses({ 200: ItemList }) },
    }, async () => ({ items: (await db.selectFrom('mall_items').selectAll().orderBy('id', 'desc').limit(200).execute()).map(presentItem) }));

    app.get('/mall/items/:id', {
      config: { auth: 'public' },
      schema: { tags: ['mall'], summary: 'One mall item', params: IdParams, response: responses({ 200: Type.Object({ item: MallItem }) }) },
    }, async (request) => {
      const item = await db.selectFrom('mall_items').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      return { item: presentItem(item ?? raise('notFound', 'growth.itemNotFound')) };
    });

    app.post('/mall/items/:id/redeem', {
      config: { auth: 'user', rateLimit: { bucket: 'redeem', max: 300, windowSec: 60, per: 'user' } },
      schema: {
        tags: ['mall'], summary: 'Redeem an item with points',
        description: `409 when out of stock; 422 when the balance or the per-member limit does not allow it; physical items need shipping. ${IDEMPOTENT}`,
        params: IdParams, body: RedeemBody, response: responses({ 201: Type.Object({ order: Order }) }),
      },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 201, body: { order: presentOrder(await redeem(trx, request.actor!.userId, request.params.id, request.body.shipping)) },
    })));

    app.get('/me/orders', {
      config: { auth: 'user' },
      schema: { tags: ['mall'], summary: 'My mall orders, newest first', querystring: LedgerQuery, response: responses({ 200: OrderPage }) },
    }, async (request) => {
      const after = decodeCursor(request.query.cursor, ['string'] as const);
      const limit = request.query.limit ?? 20;
      let q = db.selectFrom('mall_orders').selectAll().where('user_id', '=', request.actor!.userId);
      if (after) q = q.where('id', '<', after[0]);
      const { pageRows, nextCursor } = splitPage(await q.orderBy('id', 'desc').limit(limit + 1).execute(), limit, (r) => [r.id]);
      return { items: pageRows.map(presentOrder), nextCursor };
    });

    app.get('/mall/orders', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags: ['mall'], summary: 'All orders (operators), newest first', querystring: OrdersQuery, response: responses({ 200: OrderPage }) },
    }, async (request) => {
      const after = decodeCursor(request.query.cursor, ['string'] as const);
      const limit = request.query.limit ?? 20;
      let q = db.selectFrom('mall_orders').selectAll();
      if (request.query.status) q = q.where('status', '=', request.query.status);
      if (after) q = q.where('id', '<', after[0]);
      const { pageRows, nextCursor } = splitPage(await q.orderBy('id', 'desc').limit(limit + 1).execute(), limit, (r) => [r.id]);
      return { items: pageRows.map(presentOrder), nextCursor };
    });

    app.patch('/mall/orders/:id', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: {
        tags: ['mall'], summary: 'Fulfil or cancel a pending order', description: `Cancelling refunds the price with a ledger entry and returns the stock. ${IDEMPOTENT}`,
        params: IdParams, body: OrderPatch, response: responses({ 200: Type.Object({ order: Order }) }),
      },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 200, body: { order: presentOrder(await setOrderStatus(trx, request.params.id, request.body.status)) },
    })));

    const lotteryDoc = [
      'Verifiable draws: seedHash = hex(SHA-256(seed)) is published at creation, the 32-byte seed (hex) when the lottery closes.',
      'For a draw with id D: h = HMAC-SHA256(key = seed bytes, message = UTF-8 of D); r = first 6 bytes of h as an unsigned big-endian integer;',
      'candidates = the prizes that had stock, in order, then a blank slot if blankWeight > 0 (stored with each draw);',
      'x = floor(r × total weight / 2^48); the result is the first candidate whose running sum of weights exceeds x.',
    ].join(' ');

    app.post('/lotteries', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags: ['lottery'], summary: 'Create a lottery', description: `${lotteryDoc} ${IDEMPOTENT}`, body: LotteryBody, response: responses({ 201: Type.Object({ lottery: Lottery }) }) },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 201, body: { lottery: await presentLottery(trx, await createLottery(trx, request.actor!.userId, request.body)) },
    })));

    app.get('/lotteries', {
      config: { auth: 'user' },
      schema: { tags: ['lottery'], summary: 'Lotteries, newest first', response: responses({ 200: LotteryList }) },
    }, async () => {
      const rows = await db.selectFrom('lotteries').selectAll().orderBy('id', 'desc').limit(100).execute();
      return { items: await Promise.all(rows.map((l) => presentLottery(db, l))) };
    });

    app.get('/lotteries/:id', {
      config: { auth: 'user' },
      schema: { tags: ['lottery'], summary: 'One lottery (its seed once closed)', params: IdParams, response: responses({ 200: Type.Object({ lottery: Lottery }) }) },
    }, async (request) => {
      const l = await db.selectFrom('lotteries').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      return { lottery: await presentLottery(db, l ?? raise('notFound', 'growth.lotteryNotFound')) };
    });

    app.post('/lotteries/:id/draw', {
      config: { auth: 'user', rateLimit: { bucket: 'draw', max: 300, windowSec: 60, per: 'user' } },
      schema: {
        tags: ['lottery'], summary: 'Draw once (costs the lottery\'s cost in points)', description: `${lotteryDoc} ${IDEMPOTENT}`,
        params: IdParams, response: responses({ 201: Type.Object({ draw: Draw }) }),
      },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 201, body: { draw: presentDraw(await draw(trx, request.actor!.userId, request.params.id)) },
    })));

    app.post('/lotteries/:id/close', {
      config: { auth: 'user', permission: 'growth.manage' },
      schema: { tags: ['lottery'], summary: 'Close a lottery and publish its seed', description: IDEMPOTENT, params: IdParams, response: responses({ 200: Type.Object({ lottery: Lottery }) }) },
    }, async (request, reply) => idempotent(db, request, reply, async (trx) => ({
      status: 200, body: { lottery: await presentLottery(trx, await closeLottery(trx, request.params.id)) },
    })));

    app.get('/lotteries/:id/draws', {
      config: { auth: 'public' },
      schema: {
        tags: ['lottery'], summary: 'Every draw of a lottery, oldest first, to recheck against the seed', description: lotteryDoc,
        params: IdParams, querystring: LedgerQuery, response: responses({ 200: DrawPage }),
      },
    }, async (request) => {
      const l = await db.selectFrom('lotteries').select(['seed', 'seed_hash', 'status']).where('id', '=', request.params.id).executeTakeFirst();
      if (!l) raise('notFound', 'growth.lotteryNotFound');
      const after = decodeCursor(request.query.cursor, ['string'] as const);
      const limit = request.query.limit ?? 20;
      let q = db.selectFrom('lottery_draws').selectAll().where('lottery_id', '=', request.params.id);
      if (after) q = q.where('id', '>', after[0]);
      const { pageRows, nextCursor } = splitPage(await q.orderBy('id').limit(limit + 1).execute(), limit, (r) => [r.id]);
      return { items: pageRows.map(presentDraw), nextCursor, seedHash: l.seed_hash, seed: l.status === 'closed' ? l.seed : null };
    });
  };
}
