import type { MallItem } from './types.ts';

/** A fresh Idempotency-Key per click: a double click or a retried request has one effect.
 * crypto.randomUUID needs a secure context; getRandomValues does not. */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type SaleState = 'upcoming' | 'ended' | 'soldOut' | 'onSale';

export function saleState(item: MallItem, now = Date.now()): SaleState {
  if (item.startsAt && Date.parse(item.startsAt) > now) return 'upcoming';
  if (item.endsAt && Date.parse(item.endsAt) <= now) return 'ended';
  if (item.stock <= 0) return 'soldOut';
  return 'onSale';
}
