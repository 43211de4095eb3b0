import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import { periodKey, periods, type Period } from './periods.ts';

export const boards = ['points', 'posts', 'likes', 'answers'] as const;
export type Board = (typeof boards)[number];

/**
 * Moves a member's score on every period of a board (day, week, month, all time) of the
 * moment `at`, in the caller's transaction. The upsert is a single statement, so parallel
 * bumps add up instead of overwriting each other.
 */
export async function bumpBoard(trx: Kysely<Database>, board: Board, userId: string, delta: number, at: Date): Promise<void> {
  if (delta === 0) return;
  // One multi-row upsert for the four periods: a hot member's rows are locked for one
  // statement on PostgreSQL, not four round trips.
  await trx.insertInto('leaderboard_scores')
    .values(periods.map((period) => ({ board, period_key: periodKey(period, at), user_id: userId, value: delta })))
    .onConflict((oc) => oc.columns(['board', 'period_key', 'user_id'])
      .doUpdateSet((eb) => ({ value: eb('leaderboard_scores.value', '+', eb.ref('excluded.value')) })))
    .execute();
}

export interface BoardPage {
  items: { rank: number; value: number; user: { id: string; username: string } }[];
  me: { rank: number; value: number } | null;
}

/**
 * The top of a board and the viewer's rank. Both read the (board, period_key, value) index:
 * the top is an index range, and a rank is 1 + the number of scores strictly greater than the
 * viewer's (ties share a rank), never a scan of all members.
 */
export async function readBoard(db: Kysely<Database>, board: Board, period: Period, limit: number, viewerId: string | undefined): Promise<BoardPage> {
  const key = periodKey(period);
  const rows = await db.selectFrom('leaderboard_scores')
    .innerJoin('users', 'users.id', 'leaderboard_scores.user_id')
    .select(['leaderboard_scores.user_id', 'leaderboard_scores.value', 'users.username'])
    .where('board', '=', board).where('period_key', '=', key).where('value', '>', 0)
    .orderBy('value', 'desc').orderBy('leaderboard_scores.user_id')
    .limit(limit)
    .execute();
  const items: BoardPage['items'] = [];
  rows.forEach((r, i) => {
    const value = Number(r.value);
    const prev = items[i - 1];
    items.push({ rank: prev && prev.value === value ? prev.rank : i + 1, value, user: { id: r.user_id, username: r.username } });
  });
  let me: BoardPage['me'] = null;
  if (viewerId) {
    const mine = await db.selectFrom('leaderboard_scores').select('value')
      .where('board', '=', board).where('period_key', '=', key).where('user_id', '=', viewerId).executeTakeFirst();
    const value = Number(mine?.value ?? 0);
    if (value > 0) {
      const ahead = await db.selectFrom('leaderboard_scores').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('board', '=', board).where('period_key', '=', key).where('value', '>', value)
        .executeTakeFirstOrThrow();
      me = { rank: Number(ahead.n) + 1, value };
    }
  }
  return { items, me };
}
