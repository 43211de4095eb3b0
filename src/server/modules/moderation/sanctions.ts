import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { fail, invalidField, ok, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { recordAudit } from './audit.ts';

export interface NewSanction {
  userId: string;
  kind: 'warn' | 'silence';
  /** Only for a silence. */
  hours?: number;
  reason: string;
  queueItemId: string | null;
  actorId: string;
}

/** Records a warning or silence in the deciding transaction; returns when a silence ends. */
export async function recordSanction(trx: Kysely<Database>, s: NewSanction): Promise<string | null> {
  const now = new Date();
  // A new silence never shortens one already running.
  const until = s.kind === 'silence' ? new Date(now.getTime() + (s.hours ?? 24) * 3_600_000).toISOString() : null;
  await trx.insertInto('moderation_sanctions').values({
    id: newId(), user_id: s.userId, kind: s.kind, until, reason: s.reason, queue_item_id: s.queueItemId,
    created_by: s.actorId, created_at: now.toISOString(),
  }).execute();
  await recordAudit(trx, {
    actorId: s.actorId, action: `member.${s.kind}`, targetType: 'user', targetId: s.userId, after: { until }, note: s.reason,
  });
  return until;
}

/** When the member's current silence ends, or null if they may write. */
export async function silencedUntil(db: Kysely<Database>, userId: string): Promise<string | null> {
  const now = nowIso();
  const rows = await db.selectFrom('moderation_sanctions').select('until')
    .where('user_id', '=', userId).where('kind', '=', 'silence').where('until', '>', now).execute();
  const ends = rows.map((r) => new Date(r.until!).toISOString()).sort();
  return ends.at(-1) ?? null;
}

function presentReason(r: { id: string; title: string; body: string; created_at: string }) {
  return { id: r.id, title: r.title, body: r.body, createdAt: new Date(r.created_at).toISOString() };
}

/** Reason templates moderators pick from when deciding. */
export class ReasonService {
  constructor(private readonly ctx: ModuleContext) {}

  async list() {
    const rows = await this.ctx.db.selectFrom('moderation_reasons').selectAll().orderBy('id').limit(500).execute();
    return { items: rows.map(presentReason) };
  }

  async get(id: string) {
    return this.ctx.db.selectFrom('moderation_reasons').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async add(actor: Actor, input: { title: string; body: string }): Promise<Result<ReturnType<typeof presentReason>>> {
    const row = { id: newId(), title: input.title.trim(), body: input.body.trim(), created_by: actor.userId, created_at: nowIso() };
    if (!row.title) return invalidField('title', 'field.required');
    if (!row.body) return invalidField('body', 'field.required');
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('moderation_reasons').values(row).execute();
      await recordAudit(trx, { actorId: actor.userId, action: 'reason.add', targetType: 'reason', targetId: row.id, after: { title: row.title, body: row.body } });
    });
    return ok(presentReason(row));
  }

  async remove(actor: Actor, id: string): Promise<Result<null>> {
    const row = await this.get(id);
    if (!row) return fail('notFound', 'moderation.reasonNotFound');
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('moderation_reasons').where('id', '=', id).execute();
      await recordAudit(trx, { actorId: actor.userId, action: 'reason.remove', targetType: 'reason', targetId: id, before: { title: row.title, body: row.body } });
    });
    return ok(null);
  }
}
