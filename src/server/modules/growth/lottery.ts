/**
 * Lotteries (抽奖) with verifiable draws.
 *
 * At creation the lottery takes 32 bytes from the CSPRNG as its secret seed and publishes
 * seedHash = hex(SHA-256(seed bytes)). When it closes, the seed (hex) is published. Each draw:
 *   1. candidates = the prizes with stock > 0 at that moment, in prize order, each with its
 *      weight; then a "no prize" slot of weight blankWeight (if > 0). The list is stored with
 *      the draw.
 *   2. h = HMAC-SHA256(key = seed bytes, message = the draw id as UTF-8).
 *   3. r = the first 6 bytes of h as an unsigned big-endian integer (0 ≤ r < 2^48).
 *   4. x = floor(r × total / 2^48), total = the sum of candidate weights.
 *   5. the result is the first candidate whose running sum of weights exceeds x.
 * If the chosen prize's stock was taken by a parallel draw in the meantime (its conditional
 * decrement changed no row), it is removed from the candidates and steps 1–5 are redone with
 * the same h; the stored candidates are the final list, so anyone can recheck every draw.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { raise } from '../../platform/http/index.ts';
import { postEntry } from './ledger.ts';
import { periodKey } from './periods.ts';
import type { LotteriesTable, LotteryDrawsTable } from './tables.ts';

export interface Candidate {
  name: string;
  weight: number;
  /** Absent for the "no prize" slot. */
  prizeId?: string;
}

/** Steps 2–5 above: pure, so tests and auditors compute the same thing. */
export function pickCandidate(seedHex: string, drawId: string, candidates: { weight: number }[]): number {
  const total = candidates.reduce((s, c) => s + c.weight, 0);
  if (total <= 0) return -1;
  const h = createHmac('sha256', Buffer.from(seedHex, 'hex')).update(drawId, 'utf8').digest();
  const r = h.readUIntBE(0, 6);
  const x = Math.floor((r * total) / 2 ** 48);
  let sum = 0;
  for (let i = 0; i < candidates.length; i++) {
    sum += candidates[i]!.weight;
    if (x < sum) return i;
  }
  return candidates.length - 1;
}

export interface NewLottery {
  name: string;
  cost: number;
  prizes: { name: string; weight: number; stock: number }[];
  blankWeight?: number;
  perMemberDailyLimit?: number | null;
  startsAt?: string | null;
  endsAt?: string | null;
}

export async function createLottery(trx: Kysely<Database>, by: string, input: NewLottery) {
  const seed = randomBytes(32);
  const row = {
    id: newId(), name: input.name.trim(), cost: input.cost, blank_weight: input.blankWeight ?? 0,
    per_member_daily_limit: input.perMemberDailyLimit ?? null, starts_at: input.startsAt ?? null, ends_at: input.endsAt ?? null,
    seed: seed.toString('hex'), seed_hash: createHash('sha256').update(seed).digest('hex'),
    status: 'open' as const, created_by: by, created_at: nowIso(), closed_at: null,
  };
  await trx.insertInto('lotteries').values(row).execute();
  let position = 0;
  for (const p of input.prizes) {
    await trx.insertInto('lottery_prizes').values({ id: newId(), lottery_id: row.id, position: position++, name: p.name.trim(), weight: p.weight, stock: p.stock }).execute();
  }
  return row;
}

export async function presentLottery(db: Kysely<Database>, l: Selectable<LotteriesTable>) {
  const prizes = await db.selectFrom('lottery_prizes').select(['name', 'weight', 'stock']).where('lottery_id', '=', l.id).orderBy('position').execute();
  return {
    id: l.id, name: l.name, cost: l.cost, blankWeight: l.blank_weight, perMemberDailyLimit: l.per_member_daily_limit,
    startsAt: l.starts_at, endsAt: l.ends_at, status: l.status, seedHash: l.seed_hash,
    seed: l.status === 'closed' ? l.seed : null, createdAt: l.created_at, closedAt: l.closed_at, prizes,
  };
}

export function presentDraw(d: Selectable<LotteryDrawsTable>) {
  return {
    id: d.id, userId: d.user_id, prize: d.prize_name === null ? null : { name: d.prize_name },
    candidates: (JSON.parse(d.candidates) as Candidate[]).map((c) => ({ name: c.name, weight: c.weight, blank: c.prizeId === undefined })),
    createdAt: d.created_at,
  };
}

export async function draw(trx: Kysely<Database>, userId: string, lotteryId: string) {
  const lottery = await trx.selectFrom('lotteries').selectAll().where('id', '=', lotteryId).executeTakeFirst();
  if (!lottery) return raise('notFound', 'growth.lotteryNotFound');
  const now = nowIso();
  if (lottery.status !== 'open' || (lottery.starts_at && now < lottery.starts_at) || (lottery.ends_at && now >= lottery.ends_at)) {
    raise('unprocessable', 'growth.lotteryClosed');
  }
  if (lottery.per_member_daily_limit !== null) {
    const counted = await trx.insertInto('growth_counters')
      .values({ user_id: userId, action: `lottery:${lotteryId}`, period_key: periodKey('day'), count: 1 })
      .onConflict((oc) => oc.columns(['user_id', 'action', 'period_key'])
        .doUpdateSet((eb) => ({ count: eb('growth_counters.count', '+', 1) }))
        .where('growth_counters.count', '<', lottery.per_member_daily_limit!))
      .returning('count').executeTakeFirst();
    if (!counted) raise('unprocessable', 'growth.drawLimit', { limit: lottery.per_member_daily_limit });
  }
  const id = newId();
  if (lottery.cost > 0) {
    await postEntry(trx, { userId, amount: -lottery.cost, kind: 'spend', reason: 'lottery.draw', refType: 'draw', refId: id, key: `draw:${id}` });
  }
  const excluded = new Set<string>();
  for (;;) {
    const prizes = await trx.selectFrom('lottery_prizes').select(['id', 'name', 'weight'])
      .where('lottery_id', '=', lotteryId).where('stock', '>', 0).where('weight', '>', 0).orderBy('position').execute();
    const candidates: Candidate[] = prizes.filter((p) => !excluded.has(p.id)).map((p) => ({ name: p.name, weight: p.weight, prizeId: p.id }));
    if (lottery.blank_weight > 0) candidates.push({ name: '', weight: lottery.blank_weight });
    const index = pickCandidate(lottery.seed, id, candidates);
    const chosen = index >= 0 ? candidates[index]! : undefined;
    if (chosen?.prizeId) {
      const taken = await trx.updateTable('lottery_prizes').set((eb) => ({ stock: eb('stock', '-', 1) }))
        .where('id', '=', chosen.prizeId).where('stock', '>', 0).executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 0) {
        excluded.add(chosen.prizeId);
        continue;
      }
    }
    const won = chosen?.prizeId ? chosen : undefined;
    const row = {
      id, lottery_id: lotteryId, user_id: userId, prize_id: won?.prizeId ?? null, prize_name: won?.name ?? null,
      candidates: JSON.stringify(candidates), created_at: now,
    };
    await trx.insertInto('lottery_draws').values(row).execute();
    return row;
  }
}

export async function closeLottery(trx: Kysely<Database>, lotteryId: string) {
  const closed = await trx.updateTable('lotteries').set({ status: 'closed', closed_at: nowIso() })
    .where('id', '=', lotteryId).where('status', '=', 'open').returningAll().executeTakeFirst();
  if (closed) return closed;
  const exists = await trx.selectFrom('lotteries').selectAll().where('id', '=', lotteryId).executeTakeFirst();
  // Closing twice answers the same revealed lottery: closing is idempotent by nature.
  return exists ?? raise('notFound', 'growth.lotteryNotFound');
}
