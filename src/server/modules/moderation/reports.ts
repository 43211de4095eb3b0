import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { fail, ok, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { setContentStatus } from '../content/index.ts';
import { recordAudit } from './audit.ts';
import { presentReport } from './presenter.ts';
import { enqueue } from './queue.ts';
import type { LevelSource } from './standing.ts';
import type { TargetType } from './tables.ts';

export interface ReportPolicy {
  /** How much one member's report counts (grows with level and past accuracy). */
  weightOf(reporterId: string): Promise<number>;
  /** Total weight at which an item is hidden until a moderator decides. */
  threshold: number;
}

/** Level-independent defaults: every member's report weighs 1, and five different members
 * hide an item. */
export const defaultReportPolicy: ReportPolicy = { weightOf: async () => 1, threshold: 5 };

/** Pseudo-counts of upheld and dismissed reports every reporter starts with: a newcomer is
 * taken as half right (a factor of 1), and a few decisions move them only gradually. */
const PRIOR = 2;

/** How many of the member's past reports moderators upheld (decided other than approve),
 * among those decided since they were made. */
export async function reportRecord(db: Kysely<Database>, reporterId: string): Promise<{ upheld: number; decided: number }> {
  const rows = await db.selectFrom('moderation_reports as r')
    .innerJoin('moderation_queue as q', (j) => j.onRef('q.target_type', '=', 'r.target_type').onRef('q.target_id', '=', 'r.target_id'))
    .select(['r.id', 'r.created_at', 'q.decision', 'q.decided_at'])
    .where('r.reporter_id', '=', reporterId).where('q.status', '=', 'decided')
    .orderBy('r.id', 'desc').limit(1000).execute();
  // The latest decision on the item after the report is the one that judges it.
  const latest = new Map<string, { at: number; upheld: boolean }>();
  for (const r of rows) {
    const at = Date.parse(new Date(r.decided_at!).toISOString());
    if (at < Date.parse(new Date(r.created_at).toISOString())) continue;
    const seen = latest.get(r.id);
    if (!seen || at > seen.at) latest.set(r.id, { at, upheld: r.decision !== 'approve' });
  }
  const decided = [...latest.values()];
  return { upheld: decided.filter((d) => d.upheld).length, decided: decided.length };
}

/** A report weighs the reporter's level weight (growth's flagWeight privilege) times their
 * accuracy relative to an even record, between a quarter and double. */
export function weightedReportPolicy(db: Kysely<Database>, levels?: LevelSource, threshold = 5): ReportPolicy {
  return {
    threshold,
    async weightOf(reporterId) {
      const base = levels ? (await levels.levelOf(reporterId)).privileges.flagWeight : 1;
      const { upheld, decided } = await reportRecord(db, reporterId);
      const accuracy = (upheld + PRIOR) / (decided + 2 * PRIOR);
      const factor = Math.min(2, Math.max(0.25, accuracy / 0.5));
      return Math.round(base * factor * 1000) / 1000;
    },
  };
}

export class ReportService {
  constructor(private readonly ctx: ModuleContext, private readonly policy: ReportPolicy = defaultReportPolicy) {}

  /** The reported item's author and text, if the reporter can see it. */
  private async target(type: TargetType, id: string): Promise<{ authorId: string | null; text: string } | null> {
    if (type === 'post') {
      const p = await this.ctx.db.selectFrom('posts').select(['author_id', 'title', 'body', 'status']).where('id', '=', id).executeTakeFirst();
      return p && p.status === 'published' ? { authorId: p.author_id, text: `${p.title}\n${p.body}` } : null;
    }
    if (type === 'comment') {
      const c = await this.ctx.db.selectFrom('comments').select(['author_id', 'body', 'status']).where('id', '=', id).executeTakeFirst();
      return c && c.status === 'published' ? { authorId: c.author_id, text: c.body } : null;
    }
    if (type === 'user') {
      const u = await this.ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'bio']).where('id', '=', id).executeTakeFirst();
      return u ? { authorId: u.id, text: `${u.username}\n${u.display_name}\n${u.bio}` } : null;
    }
    // Private messages are not part of this build yet; nothing can be found to report.
    return null;
  }

  async report(actor: Actor, input: { targetType: TargetType; targetId: string; reason: string }): Promise<Result<{ report: ReturnType<typeof presentReport>; created: boolean }>> {
    const target = await this.target(input.targetType, input.targetId);
    if (!target) return fail('notFound', 'moderation.targetNotFound');
    if (target.authorId === actor.userId) return fail('unprocessable', 'moderation.cannotReportSelf');
    const weight = await this.policy.weightOf(actor.userId);
    const row = {
      id: newId(), reporter_id: actor.userId, target_type: input.targetType, target_id: input.targetId,
      reason: input.reason.trim(), weight, created_at: nowIso(),
    };
    const hidden = await this.ctx.outbox.transaction(async (trx, emit) => {
      const inserted = await trx.insertInto('moderation_reports').values(row)
        .onConflict((oc) => oc.columns(['reporter_id', 'target_type', 'target_id']).doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
      const total = await trx.selectFrom('moderation_reports').select((eb) => eb.fn.sum<number>('weight').as('w'))
        .where('target_type', '=', input.targetType).where('target_id', '=', input.targetId).executeTakeFirstOrThrow();
      const score = Number(total.w ?? 0);
      const passes = score >= this.policy.threshold;
      await enqueue(trx, {
        targetType: input.targetType, targetId: input.targetId, authorId: target.authorId, source: 'report',
        reason: row.reason, score, snapshot: target.text, held: passes,
      });
      if (passes && (input.targetType === 'post' || input.targetType === 'comment')) {
        const change = await setContentStatus(trx, input.targetType, input.targetId, 'hidden');
        if (change && change.from !== change.to) {
          await recordAudit(trx, {
            actorId: null, action: 'report.hide', targetType: input.targetType, targetId: input.targetId,
            before: { status: change.from }, after: { status: 'hidden', reportWeight: score },
          });
          emit('moderation.hidden', { targetType: input.targetType, targetId: input.targetId, authorId: change.authorId, source: 'report' });
          return change;
        }
      }
      return false;
    });
    if (hidden === null) {
      const existing = await this.ctx.db.selectFrom('moderation_reports').selectAll()
        .where('reporter_id', '=', actor.userId).where('target_type', '=', input.targetType).where('target_id', '=', input.targetId)
        .executeTakeFirstOrThrow();
      return ok({ report: presentReport(existing), created: false });
    }
    return ok({ report: presentReport(row), created: true });
  }
}
