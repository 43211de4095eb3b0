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

/** Counts `by` occurrences for the day, the week and all time (one statement); returns the new counts. */
export async function countAction(trx: Kysely<Database>, userId: string, action: string, at: Date, by = 1) {
  const keys = { day: periodKey('day', at), week: periodKey('week', at), all: periodKey('all', at) };
  const rows = await trx.insertInto('growth_counters')
    .values(Object.values(keys).map((key) => ({ user_id: userId, action, period_key: key, count: by })))
    .onConflict((oc) => oc.columns(['user_id', 'action', 'period_key'])
      .doUpdateSet((eb) => ({ count: eb('growth_counters.count', '+', by) })))
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

/** What one award is for. */
export interface Subject {
  /** E.g. `post:<id>`; one award per key, ever. */
  key: string;
  refType?: string;
  refId?: string;
}

export interface AwardInput extends Subject {
  userId: string;
  action: Action;
  boards?: { board: Board; delta: number }[];
  /** Runs first in the transaction; returning false awards nothing (e.g. an invitation
   * already rewarded). */
  claim?: (trx: Kysely<Database>) => Promise<boolean>;
}

export class Earning {
  constructor(private readonly ctx: ModuleContext) {}

  /** Awards an action under its rule and cap; returns the points paid (0 past the cap). */
  award(input: AwardInput): Promise<number> {
    return this.awardAll(input.userId, input.action, [input], input.boards, input.claim);
  }

  /**
   * Awards one member the same action for several subjects in one transaction, in order, as
   * that many awards one after another would (each counted towards the cap in turn; subjects
   * already awarded are skipped); `boards` move once per subject awarded. Returns the points
   * paid. A busy writer's comments arrive in batches (see EventBus.subscribeBatch): one
   * transaction and one counter update for the batch instead of one each. A single award whose
   * ledger entry already exists pays nothing; in a batch that is an error, so that the bus
   * hands the events over again one at a time (see subscribeBatch).
   */
  async awardAll(
    userId: string, action: Action, subjects: Subject[], boards: AwardInput['boards'] = [], claim?: AwardInput['claim'],
  ): Promise<number> {
    try {
      return await this.awardInOne(userId, action, subjects, boards, claim);
    } catch (error) {
      if (error instanceof DuplicatePosting && subjects.length === 1) return 0;
      throw error;
    }
  }

  private async awardInOne(
    userId: string, action: Action, subjects: Subject[], boards: NonNullable<AwardInput['boards']>, claim?: AwardInput['claim'],
  ): Promise<number> {
    // Read before the transaction: on SQLite a read outside it would wait for it to end.
    const rule = (await currentRules(this.ctx.db))[action];
    return this.ctx.db.transaction().execute(async (trx) => {
      if (claim && !(await claim(trx))) return 0;
      const at = new Date();
      const claimed = await trx.insertInto('growth_credits')
        .values(subjects.map((s) => ({ key: s.key, user_id: userId, action, points: 0, created_at: at.toISOString(), reversed_at: null })))
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key').execute();
      const claimedKeys = new Set(claimed.map((c) => c.key));
      const fresh = subjects.filter((s) => claimedKeys.has(s.key));
      if (fresh.length === 0) return 0;
      const counts = await countAction(trx, userId, action, at, fresh.length);
      const countAfter = rule.cycle === 'daily' ? counts.day : rule.cycle === 'weekly' ? counts.week : rule.cycle === 'once' ? counts.all : 0;
      let paid = 0;
      for (const [i, subject] of fresh.entries()) {
        // The count this subject's award reached, as if the awards had come one by one.
        const inCycle = countAfter - (fresh.length - 1 - i);
        const points = rule.points > 0 && (rule.cap === null || rule.cycle === 'unlimited' || inCycle <= rule.cap) ? rule.points : 0;
        if (points === 0) continue;
        await postEntry(trx, {
          userId, amount: points, kind: 'earn', reason: action, refType: subject.refType, refId: subject.refId, key: `earn:${subject.key}`,
        });
        await trx.updateTable('growth_credits').set({ points }).where('key', '=', subject.key).execute();
        paid += points;
      }
      for (const b of boards) await bumpBoard(trx, b.board, userId, b.delta * fresh.length, at);
      return paid;
    });
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
