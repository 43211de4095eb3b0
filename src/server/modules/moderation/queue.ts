import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { decodeCursor, fail, ok, splitPage, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { setContentStatus, type ContentStatus } from '../content/index.ts';
import { recordAudit } from './audit.ts';
import { recordSanction } from './sanctions.ts';
import { presentQueueItem } from './presenter.ts';
import type { Decision, QueueSource, TargetType } from './tables.ts';

export const DEFAULT_SILENCE_HOURS = 24;

export interface NewQueueItem {
  targetType: TargetType;
  targetId: string;
  authorId: string | null;
  source: QueueSource;
  reason: string;
  score: number;
  snapshot: string;
  held: boolean;
}

// A warning or silence also takes the item down: the moderator found it over the line.
const decisionStatus: Record<Decision, ContentStatus> = { approve: 'published', reject: 'hidden', delete: 'deleted', warn: 'hidden', silence: 'hidden' };

export interface DecisionInput {
  action: Decision;
  note?: string;
  /** A reason template; its text is what the author is told (the note is added after it). */
  reasonId?: string;
  /** How long a silence lasts. */
  silenceHours?: number;
}

/** Puts an item in the queue, or refreshes the open entry for the same target (one open
 * entry per item, whatever raised it). */
export async function enqueue(trx: Kysely<Database>, item: NewQueueItem): Promise<string> {
  const open = await trx.selectFrom('moderation_queue').select(['id', 'score', 'held'])
    .where('target_type', '=', item.targetType).where('target_id', '=', item.targetId).where('status', '=', 'open')
    .executeTakeFirst();
  if (open) {
    await trx.updateTable('moderation_queue').set({
      score: Math.max(Number(open.score), item.score), reason: item.reason, snapshot: item.snapshot,
      held: item.held || Number(open.held) === 1 ? 1 : 0,
    }).where('id', '=', open.id).execute();
    return open.id;
  }
  const id = newId();
  await trx.insertInto('moderation_queue').values({
    id, target_type: item.targetType, target_id: item.targetId, author_id: item.authorId, source: item.source, reason: item.reason,
    score: item.score, snapshot: item.snapshot, held: item.held ? 1 : 0, status: 'open', decision: null, decided_by: null,
    decided_at: null, note: null, appealed: 0, created_at: nowIso(),
  }).execute();
  return id;
}

export class QueueService {
  constructor(private readonly ctx: ModuleContext) {}

  /** Oldest first: what waited longest is decided first. */
  async list(query: { status?: 'open' | 'decided'; source?: QueueSource; limit?: number; cursor?: string }) {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, ['string']);
    let q = this.ctx.db.selectFrom('moderation_queue').selectAll().where('status', '=', query.status ?? 'open');
    if (query.source) q = q.where('source', '=', query.source);
    if (after) q = q.where('id', '>', after[0]);
    const rows = await q.orderBy('id', 'asc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.id]);
    const authors = [...new Set(pageRows.map((r) => r.author_id).filter((a): a is string => !!a))];
    const history = new Map<string, { decided: number; rejected: number }>();
    if (authors.length) {
      const counts = await this.ctx.db.selectFrom('moderation_queue')
        .select(['author_id', 'decision', (eb) => eb.fn.countAll<number>().as('n')])
        .where('author_id', 'in', authors).where('status', '=', 'decided').groupBy(['author_id', 'decision']).execute();
      for (const c of counts) {
        const h = history.get(c.author_id!) ?? { decided: 0, rejected: 0 };
        h.decided += Number(c.n);
        if (c.decision !== 'approve') h.rejected += Number(c.n);
        history.set(c.author_id!, h);
      }
    }
    const now = Date.now();
    return {
      items: pageRows.map((r) => ({ ...presentQueueItem(r, now), authorHistory: history.get(r.author_id ?? '') ?? { decided: 0, rejected: 0 } })),
      nextCursor,
    };
  }

  async decide(actor: Actor, id: string, input: DecisionInput) {
    const outcome = await this.ctx.outbox.transaction(async (trx, emit) => {
      const item = await trx.selectFrom('moderation_queue').selectAll().where('id', '=', id).executeTakeFirst();
      if (!item) return fail('notFound', 'moderation.itemNotFound');
      if (item.status !== 'open') return fail('conflict', 'moderation.alreadyDecided');
      const template = input.reasonId
        ? await trx.selectFrom('moderation_reasons').select(['title', 'body']).where('id', '=', input.reasonId).executeTakeFirst()
        : undefined;
      if (input.reasonId && !template) return fail('unprocessable', 'moderation.reasonNotFound');
      const note = [template?.body, input.note?.trim()].filter(Boolean).join('\n') || null;
      const now = nowIso();
      const claimed = await trx.updateTable('moderation_queue')
        .set({ status: 'decided', decision: input.action, decided_by: actor.userId, decided_at: now, note })
        .where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return fail('conflict', 'moderation.alreadyDecided');
      const change = item.target_type === 'post' || item.target_type === 'comment'
        ? await setContentStatus(trx, item.target_type, item.target_id, decisionStatus[input.action])
        : null;
      // The decision teaches the classifier: approved text is acceptable, the rest is not.
      if (item.snapshot.trim() && item.target_type !== 'user') {
        await trx.insertInto('moderation_examples').values({
          id: newId(), text: item.snapshot, label: input.action === 'approve' ? 0 : 1, source: 'decision', created_at: now,
        }).execute();
      }
      await recordAudit(trx, {
        actorId: actor.userId, action: `queue.${input.action}`, targetType: item.target_type, targetId: item.target_id,
        before: { queueItem: id, status: change?.from ?? null },
        after: { status: change?.to ?? null, ...(input.reasonId ? { reasonId: input.reasonId } : {}) }, note,
      });
      const silencedUntil = (input.action === 'warn' || input.action === 'silence') && item.author_id
        ? await recordSanction(trx, {
          userId: item.author_id, kind: input.action, hours: input.silenceHours ?? DEFAULT_SILENCE_HOURS,
          reason: note ?? template?.title ?? '', queueItemId: id, actorId: actor.userId,
        })
        : null;
      const postId = item.target_type === 'comment'
        ? (await trx.selectFrom('comments').select('post_id').where('id', '=', item.target_id).executeTakeFirst())?.post_id ?? null
        : item.target_type === 'post' ? item.target_id : null;
      const fresh = await trx.selectFrom('moderation_queue').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      emit('moderation.decided', {
        itemId: fresh.id, targetType: fresh.target_type, targetId: fresh.target_id, postId, authorId: fresh.author_id,
        action: input.action, source: fresh.source, decidedBy: actor.userId, decidedAt: new Date(fresh.decided_at!).toISOString(),
        note: fresh.note, reasonTitle: template?.title ?? null, silencedUntil,
        appealable: input.action !== 'approve' && Number(fresh.appealed) === 0,
      });
      return ok(fresh);
    });
    if (!outcome.ok) return outcome;
    return ok(presentQueueItem(outcome.value));
  }

  /** The author asks once for another look at a rejected or deleted item: it goes back to the queue. */
  async appeal(actor: Actor, input: { targetType: TargetType; targetId: string; reason: string }): Promise<Result<ReturnType<typeof presentQueueItem>>> {
    const outcome = await this.ctx.db.transaction().execute(async (trx) => {
      const item = await trx.selectFrom('moderation_queue').selectAll()
        .where('target_type', '=', input.targetType).where('target_id', '=', input.targetId).where('author_id', '=', actor.userId)
        .orderBy('id', 'desc').executeTakeFirst();
      if (!item || item.status !== 'decided' || item.decision === 'approve') return fail('notFound', 'moderation.nothingToAppeal');
      if (Number(item.appealed) === 1) return fail('conflict', 'moderation.alreadyAppealed');
      await trx.updateTable('moderation_queue')
        .set({ status: 'open', appealed: 1, reason: `${item.reason}\n[appeal] ${input.reason}`.slice(0, 2000), decision: null, decided_by: null, decided_at: null })
        .where('id', '=', item.id).execute();
      await recordAudit(trx, {
        actorId: actor.userId, action: 'queue.appeal', targetType: item.target_type, targetId: item.target_id,
        before: { decision: item.decision }, after: { status: 'open' }, note: input.reason,
      });
      return ok(await trx.selectFrom('moderation_queue').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow());
    });
    if (!outcome.ok) return outcome;
    return ok(presentQueueItem(outcome.value));
  }

  /** Queue length, median time to decision, and how often an automatic action was overturned.
   * Automatic actions are holds nobody chose: by a listed word, the classifier, a new member's
   * first post, or reports passing the threshold; a moderator's approval overturns them. */
  async metrics() {
    const open = await this.ctx.db.selectFrom('moderation_queue').select(['source', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'open').groupBy('source').execute();
    const oldest = await this.ctx.db.selectFrom('moderation_queue').select('created_at')
      .where('status', '=', 'open').orderBy('id', 'asc').limit(1).executeTakeFirst();
    const decided = await this.ctx.db.selectFrom('moderation_queue').select(['created_at', 'decided_at', 'decision', 'source', 'held'])
      .where('status', '=', 'decided').orderBy('id', 'desc').limit(1000).execute();
    const waits = decided.map((d) => (Date.parse(d.decided_at!) - Date.parse(d.created_at)) / 1000).sort((a, b) => a - b);
    const mid = waits.length >> 1;
    const median = waits.length === 0 ? null : waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
    const automatic = decided.filter((d) => Number(d.held) === 1);
    const openBySource = Object.fromEntries(open.map((o) => [o.source, Number(o.n)]));
    return {
      queueLength: open.reduce((sum, o) => sum + Number(o.n), 0),
      openBySource,
      oldestWaitingSeconds: oldest ? Math.round((Date.now() - Date.parse(oldest.created_at)) / 1000) : null,
      medianSecondsToDecision: median === null ? null : Math.round(median),
      automaticHolds: automatic.length,
      overturnedShare: automatic.length ? automatic.filter((d) => d.decision === 'approve').length / automatic.length : null,
    };
  }
}
