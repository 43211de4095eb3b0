/**
 * The points mall (积分商城). A redemption is three conditional writes in one transaction:
 * the member's count for the item (per-member limit), the item's stock (`stock > 0`) and the
 * member's balance (`balance >= price`). Whichever refuses rolls the others back, so parallel
 * redemptions can neither oversell nor overspend.
 */
import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { raise } from '../../platform/http/index.ts';
import { postEntry } from './ledger.ts';
import type { MallItemsTable, MallOrdersTable, OrderStatus } from './tables.ts';

export interface NewItem {
  name: string;
  description?: string;
  kind: 'virtual' | 'physical';
  price: number;
  stock: number;
  perMemberLimit?: number | null;
  startsAt?: string | null;
  endsAt?: string | null;
}

export interface Shipping {
  name: string;
  phone: string;
  address: string;
}

export function presentItem(i: Selectable<MallItemsTable>) {
  return {
    id: i.id, name: i.name, description: i.description, kind: i.kind, price: i.price, stock: i.stock,
    perMemberLimit: i.per_member_limit, startsAt: i.starts_at, endsAt: i.ends_at, createdAt: i.created_at,
  };
}

export function presentOrder(o: Selectable<MallOrdersTable>) {
  return {
    id: o.id, status: o.status, itemId: o.item_id, price: o.price, userId: o.user_id,
    shipping: o.shipping ? JSON.parse(o.shipping) as Shipping : null,
    createdAt: o.created_at, updatedAt: o.updated_at,
  };
}

export async function createItem(trx: Kysely<Database>, by: string, input: NewItem) {
  if (input.startsAt && input.endsAt && input.endsAt <= input.startsAt) raise('invalid', 'error.validation', undefined, { errors: [{ field: 'endsAt', key: 'growth.windowOrder' }] });
  const row = {
    id: newId(), name: input.name.trim(), description: input.description ?? '', kind: input.kind, price: input.price, stock: input.stock,
    per_member_limit: input.perMemberLimit ?? null, starts_at: input.startsAt ?? null, ends_at: input.endsAt ?? null,
    created_by: by, created_at: nowIso(),
  };
  await trx.insertInto('mall_items').values(row).execute();
  return row;
}

export async function redeem(trx: Kysely<Database>, userId: string, itemId: string, shipping: Shipping | undefined) {
  const item = await trx.selectFrom('mall_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) return raise('notFound', 'growth.itemNotFound');
  const now = nowIso();
  if ((item.starts_at && now < item.starts_at) || (item.ends_at && now >= item.ends_at)) raise('unprocessable', 'growth.notOnSale');
  if (item.kind === 'physical' && !shipping) {
    raise('invalid', 'error.validation', undefined, { errors: [{ field: 'shipping', key: 'growth.shippingRequired' }] });
  }
  if (item.per_member_limit !== null) {
    const counted = await trx.insertInto('mall_member_counts').values({ item_id: itemId, user_id: userId, count: 1 })
      .onConflict((oc) => oc.columns(['item_id', 'user_id'])
        .doUpdateSet((eb) => ({ count: eb('mall_member_counts.count', '+', 1) }))
        .where('mall_member_counts.count', '<', item.per_member_limit!))
      .returning('count').executeTakeFirst();
    if (!counted) raise('unprocessable', 'growth.memberLimit', { limit: item.per_member_limit });
  }
  const taken = await trx.updateTable('mall_items').set((eb) => ({ stock: eb('stock', '-', 1) }))
    .where('id', '=', itemId).where('stock', '>', 0).executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) raise('conflict', 'growth.outOfStock');
  const order = {
    id: newId(), item_id: itemId, user_id: userId, price: item.price, status: 'pending' as OrderStatus,
    shipping: item.kind === 'physical' && shipping ? JSON.stringify(shipping) : null, created_at: now, updated_at: now,
  };
  await trx.insertInto('mall_orders').values(order).execute();
  if (item.price > 0) {
    await postEntry(trx, { userId, amount: -item.price, kind: 'spend', reason: 'mall.redeem', refType: 'order', refId: order.id, key: `order:${order.id}` });
  }
  return order;
}

/** pending → fulfilled, or pending → cancelled (refunded by a ledger entry, stock and the
 * member's limit given back). Only a pending order moves, so a refund happens once. */
export async function setOrderStatus(trx: Kysely<Database>, orderId: string, status: 'fulfilled' | 'cancelled') {
  const moved = await trx.updateTable('mall_orders').set({ status, updated_at: nowIso() })
    .where('id', '=', orderId).where('status', '=', 'pending').returningAll().executeTakeFirst();
  if (!moved) {
    const exists = await trx.selectFrom('mall_orders').select('status').where('id', '=', orderId).executeTakeFirst();
    return raise(exists ? 'conflict' : 'notFound', exists ? 'growth.orderNotPending' : 'growth.orderNotFound');
  }
  if (status === 'cancelled') {
    await trx.updateTable('mall_items').set((eb) => ({ stock: eb('stock', '+', 1) })).where('id', '=', moved.item_id).execute();
    await trx.updateTable('mall_member_counts').set((eb) => ({ count: eb('count', '-', 1) }))
      .where('item_id', '=', moved.item_id).where('user_id', '=', moved.user_id).where('count', '>', 0).execute();
    if (moved.price > 0) {
      await postEntry(trx, {
        userId: moved.user_id, amount: moved.price, kind: 'spend', reason: 'mall.refund', refType: 'order', refId: moved.id, key: `refund:${moved.id}`,
      });
    }
  }
  return moved;
}
