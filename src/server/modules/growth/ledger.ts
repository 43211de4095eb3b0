import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { raise } from '../../platform/http/index.ts';
import { bumpBoard } from './leaderboards.ts';
import type { EntryKind, PointEntriesTable } from './tables.ts';

export type Entry = Selectable<PointEntriesTable>;

export interface Posting {
  userId: string;
  amount: number;
  /** 'earn' raises levels and the points leaderboard; 'spend' (mall, lottery, refunds) does not. */
  kind: EntryKind;
  reason: string;
  refType?: string;
  refId?: string;
  /** Unique across the ledger: posting the same key twice is refused (see DuplicatePosting). */
  key?: string;
  /** Compensations (reversing what deleted content earned) may leave a balance below zero. */
  allowNegative?: boolean;
  /** When the points leaderboards should count this entry (a reversal counts where the
   * original did); defaults to now. */
  boardAt?: Date;
}

/** Thrown when a keyed posting already exists; the caller's transaction rolls back. */
export class DuplicatePosting extends Error {}

/**
 * Posts one entry and moves the balance in the caller's transaction. The balance moves with a
 * conditional UPDATE (`balance + amount >= 0`) so two parallel spends can never both pass a
 * check made earlier; the entry records the balance that UPDATE produced, so entries and
 * balance never disagree. A balance that does not cover a spend is a 422.
 */
export async function postEntry(trx: Kysely<Database>, p: Posting): Promise<Entry> {
  const now = nowIso();
  const earned = p.kind === 'earn' ? p.amount : 0;
  let moved: { balance: number | bigint | string } | undefined;
  if (p.amount >= 0 || p.allowNegative) {
    // Nothing to check: one upsert creates the account or moves it.
    moved = await trx.insertInto('point_accounts').values({ user_id: p.userId, balance: p.amount, earned, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({
        balance: eb('point_accounts.balance', '+', p.amount),
        earned: eb('point_accounts.earned', '+', earned),
        updated_at: now,
      })))
      .returning('balance').executeTakeFirst();
  } else {
    moved = await trx.updateTable('point_accounts')
      .set((eb) => ({ balance: eb('balance', '+', p.amount), earned: eb('earned', '+', earned), updated_at: now }))
      .where('user_id', '=', p.userId)
      .where((eb) => eb(eb('balance', '+', p.amount), '>=', 0))
      .returning('balance').executeTakeFirst();
  }
  if (!moved) raise('unprocessable', 'growth.insufficientPoints');
  const entry: Entry = {
    id: newId(),
    user_id: p.userId,
    amount: p.amount,
    balance_after: Number(moved.balance),
    kind: p.kind,
    reason: p.reason,
    ref_type: p.refType ?? null,
    ref_id: p.refId ?? null,
    idem_key: p.key ?? null,
    created_at: now,
  };
  const inserted = await trx.insertInto('point_entries').values(entry)
    .onConflict((oc) => oc.column('idem_key').doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw new DuplicatePosting(p.key);
  if (p.kind === 'earn') await bumpBoard(trx, 'points', p.userId, p.amount, p.boardAt ?? new Date(now));
  return entry;
}

export function presentEntry(e: Entry) {
  return {
    id: e.id, amount: Number(e.amount), balanceAfter: Number(e.balance_after), reason: e.reason,
    refType: e.ref_type, refId: e.ref_id, createdAt: e.created_at,
  };
}

export async function balanceOf(db: Kysely<Database>, userId: string): Promise<{ balance: number; earned: number }> {
  const row = await db.selectFrom('point_accounts').select(['balance', 'earned']).where('user_id', '=', userId).executeTakeFirst();
  return { balance: Number(row?.balance ?? 0), earned: Number(row?.earned ?? 0) };
}
