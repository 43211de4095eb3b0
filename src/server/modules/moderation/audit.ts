import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { decodeCursor, splitPage } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { presentAudit } from './presenter.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  note?: string | null;
}

/** Records a moderation action, in the caller's transaction so the log never disagrees with
 * what happened. The table is append-only at the database level. */
export async function recordAudit(trx: Kysely<Database>, e: AuditEntry): Promise<void> {
  await trx.insertInto('moderation_audit').values({
    id: newId(),
    actor_id: e.actorId,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    before: JSON.stringify(e.before ?? null),
    after: JSON.stringify(e.after ?? null),
    note: e.note ?? null,
    created_at: nowIso(),
  }).execute();
}

export interface AuditQuery {
  limit?: number;
  cursor?: string;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  q?: string;
}

export class AuditService {
  constructor(private readonly ctx: ModuleContext) {}

  /** Newest first, filtered by who, what, on which item, or free text in the note. */
  async list(query: AuditQuery) {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor, ['string']);
    let q = this.ctx.db.selectFrom('moderation_audit').selectAll();
    if (query.actorId) q = q.where('actor_id', '=', query.actorId);
    if (query.action) q = q.where('action', '=', query.action);
    if (query.targetType) q = q.where('target_type', '=', query.targetType);
    if (query.targetId) q = q.where('target_id', '=', query.targetId);
    if (query.q) q = q.where('note', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
    if (after) q = q.where('id', '<', after[0]);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.id]);
    return { items: pageRows.map(presentAudit), nextCursor };
  }
}
