/**
 * Earning: what members' actions are worth. Every award is keyed by its subject (a post, a
 * comment, one member's like of one thing), claimed with a unique insert into growth_credits,
 * so an event delivered twice never pays twice, and deleting the subject reverses exactly what
 * it earned with a compensating entry.
 */
import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { currentRules, type Action } from './config.ts';
import { bumpBoard, type Board } from './leaderboards.ts';
import { DuplicatePosting, postEntry } from './ledger.ts';
import { periodKey } from './periods.ts';

/** Counts one occurrence for the day, the week and all time (one statement); returns the new counts. */
export async function countAction(trx: Kysely<Database>, userId: string, action: string, at: Date) {
  const keys = { day: periodKey('day', at), week: periodKey('week', at), all: periodKey('all', at) };
  const rows = await trx.insertInto('growth_counters')
    .values(Object.values(keys).map((key) => ({ user_id: userId, action, period_key: key, count: 1 })))
    .onConflict((oc) => oc.columns(['user_id', 'action', 'period_key'])
      .doUpdateSet((eb) => ({ count: eb('growth_counters.count', '+', 1) })))
    .returning(['period_key', 'count'])
    .execute();
  const count = (key: string) => rows.find((r) => r.period_key === key)?.count ?? 0;
  return { day: count(keys.day), week: count(keys.week), all: count(keys.all) };
}

export async function countOf(db: Kysely<Database>, userId: string, action: string, key: string): Promise<number> {
  const row = await db.selectFrom('growth_counters').select('count')
    .where('user_id', '=', userId).where('action', '=', action).where('period_key', '=', key).executeTakeFirst();
  return row?.count ?? 0;
}

export interface AwardInput {
  userId: string;
  action: Action;
  /** The subject, e.g. `post:<id>`; one award per key, ever. */
  key: string;
  boards?: { board: Board; delta: number }[];
  refType?: string;
  refId?: string;
  /** Runs first in the transaction; returning false awards nothing (e.g. an invitation
   * already rewarded). */
  claim?: (trx: Kysely<Database>) => Promise<boolean>;
}

export class Earning {
  constructor(private readonly ctx: ModuleContext) {}

  /** Awards an action under its rule and cap; returns the points paid (0 past the cap). */
  async award(input: AwardInput): Promise<number> {
    // Read before the transaction: on SQLite a read outside it would wait for it to end.
    const rule = (await currentRules(this.ctx.db))[input.action];
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        if (input.claim && !(await input.claim(trx))) return 0;
        const at = new Date();
        const claimed = await trx.insertInto('growth_credits')
          .values({ key: input.key, user_id: input.userId, action: input.action, points: 0, created_at: at.toISOString(), reversed_at: null })
          .onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) return 0;
        const counts = await countAction(trx, input.userId, input.action, at);
        const inCycle = rule.cycle === 'daily' ? counts.day : rule.cycle === 'weekly' ? counts.week : rule.cycle === 'once' ? counts.all : 0;
        const points = rule.points > 0 && (rule.cap === null || rule.cycle === 'unlimited' || inCycle <= rule.cap) ? rule.points : 0;
        if (points > 0) {
          await postEntry(trx, {
            userId: input.userId, amount: points, kind: 'earn', reason: input.action,
            refType: input.refType, refId: input.refId, key: `earn:${input.key}`,
          });
          await trx.updateTable('growth_credits').set({ points }).where('key', '=', input.key).execute();
        }
        for (const b of input.boards ?? []) await bumpBoard(trx, b.board, input.userId, b.delta, at);
        return points;
      });
    } catch (error) {
      if (error instanceof DuplicatePosting) return 0;
      throw error;
    }
  }

  /** Takes back what a subject earned (once), counting the reversal in the periods where the
   * award was counted. */
  async reverse(key: string, boards: Board[] = []): Promise<number> {
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const credit = await trx.updateTable('growth_credits').set({ reversed_at: nowIso() })
          .where('key', '=', key).where('reversed_at', 'is', null)
          .returning(['user_id', 'action', 'points', 'created_at'])
          .executeTakeFirst();
        if (!credit) return 0;
        const at = new Date(credit.created_at);
        if (credit.points > 0) {
          await postEntry(trx, {
            userId: credit.user_id, amount: -credit.points, kind: 'earn', reason: `reversal.${credit.action}`,
            key: `rev:${key}`, allowNegative: true, boardAt: at,
          });
        }
        for (const board of boards) await bumpBoard(trx, board, credit.user_id, -1, at);
        return credit.points;
      });
    } catch (error) {
      if (error instanceof DuplicatePosting) return 0;
      throw error;
    }
  }
}
