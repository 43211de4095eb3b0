/**
 * Tasks: newcomer tasks (once) and daily tasks (each Shanghai day), with progress read from
 * counters and rewards paid automatically once progress reaches the target. The reward's
 * ledger key makes paying idempotent, so tasks are re-checked freely (after events and when
 * a member looks at their tasks).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { countOf } from './earning.ts';
import { DuplicatePosting, postEntry } from './ledger.ts';
import { periodKey } from './periods.ts';

export interface TaskDef {
  id: string;
  kind: 'newcomer' | 'daily';
  target: number;
  reward: number;
  /** The counted actions that can move this task on; checkTasks after such an action looks only at these. */
  movedBy: string[];
  progress(db: Kysely<Database>, userId: string, day: string): Promise<number>;
}

const counted = (action: string, daily: boolean) => (db: Kysely<Database>, userId: string, day: string) =>
  countOf(db, userId, action, daily ? day : 'all');

export const taskDefs: TaskDef[] = [
  {
    id: 'complete-profile', kind: 'newcomer', target: 1, reward: 10, movedBy: ['profile'],
    async progress(db, userId) {
      const u = await db.selectFrom('users').select('bio').where('id', '=', userId).executeTakeFirst();
      return u && u.bio.trim() !== '' ? 1 : 0;
    },
  },
  { id: 'first-post', kind: 'newcomer', target: 1, reward: 10, movedBy: ['post'], progress: counted('post', false) },
  {
    id: 'follow-3', kind: 'newcomer', target: 3, reward: 10, movedBy: ['follow'],
    async progress(db, userId) {
      const u = await db.selectFrom('users').select('following_count').where('id', '=', userId).executeTakeFirst();
      return u?.following_count ?? 0;
    },
  },
  { id: 'daily-post', kind: 'daily', target: 1, reward: 3, movedBy: ['post'], progress: counted('post', true) },
  { id: 'daily-comments', kind: 'daily', target: 3, reward: 3, movedBy: ['comment'], progress: counted('comment', true) },
  { id: 'daily-likes', kind: 'daily', target: 5, reward: 2, movedBy: ['like_given'], progress: counted('like_given', true) },
];

export interface TaskState {
  id: string;
  kind: 'newcomer' | 'daily';
  progress: number;
  target: number;
  reward: number;
  done: boolean;
  rewarded: boolean;
}

const rewardKey = (t: TaskDef, userId: string, day: string) => (t.kind === 'daily' ? `task:${t.id}:${userId}:${day}` : `task:${t.id}:${userId}`);

/**
 * Evaluates a member's tasks — all of them, or after an action only those it can move on —
 * paying the rewards that became due. A task already rewarded is not measured again.
 */
export async function checkTasks(ctx: ModuleContext, userId: string, after?: string): Promise<TaskState[]> {
  const day = periodKey('day');
  const out: TaskState[] = [];
  for (const t of taskDefs) {
    if (after && !t.movedBy.includes(after)) continue;
    const key = rewardKey(t, userId, day);
    let rewarded = (await ctx.db.selectFrom('point_entries').select('id').where('idem_key', '=', key).executeTakeFirst()) !== undefined;
    if (rewarded && after) continue;
    const progress = Math.min(await t.progress(ctx.db, userId, day), t.target);
    if (!rewarded && progress >= t.target) {
      try {
        await ctx.db.transaction().execute((trx) => postEntry(trx, {
          userId, amount: t.reward, kind: 'earn', reason: `task.${t.id}`, refType: 'task', refId: t.id, key,
        }));
      } catch (error) {
        if (!(error instanceof DuplicatePosting)) throw error;
      }
      rewarded = true;
    }
    out.push({ id: t.id, kind: t.kind, progress, target: t.target, reward: t.reward, done: progress >= t.target, rewarded });
  }
  return out;
}
