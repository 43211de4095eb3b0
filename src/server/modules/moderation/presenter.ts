import type { Selectable } from 'kysely';
import type { ModerationAuditTable, ModerationModelsTable, ModerationQueueTable, ModerationReportsTable, ModerationWordsTable } from './tables.ts';

const parse = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
};

export function presentWord(r: Selectable<ModerationWordsTable>) {
  return { id: r.id, pattern: r.pattern, action: r.action, category: r.category, createdAt: r.created_at };
}

export function presentQueueItem(r: Selectable<ModerationQueueTable>, now = Date.now()) {
  return {
    id: r.id,
    targetType: r.target_type,
    targetId: r.target_id,
    authorId: r.author_id,
    source: r.source,
    reason: r.reason,
    score: Number(r.score),
    excerpt: r.snapshot.slice(0, 200),
    held: Number(r.held) === 1,
    status: r.status,
    decision: r.decision,
    note: r.note,
    appealed: Number(r.appealed) === 1,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    waitingSeconds: Math.max(0, Math.round(((r.decided_at ? Date.parse(r.decided_at) : now) - Date.parse(r.created_at)) / 1000)),
  };
}

export function presentReport(r: Selectable<ModerationReportsTable>) {
  return { id: r.id, targetType: r.target_type, targetId: r.target_id, reason: r.reason, createdAt: r.created_at };
}

export function presentAudit(r: Selectable<ModerationAuditTable>) {
  return {
    id: r.id, actorId: r.actor_id, action: r.action, targetType: r.target_type, targetId: r.target_id,
    before: parse(r.before), after: parse(r.after), note: r.note, createdAt: r.created_at,
  };
}

export function presentModel(r: Pick<Selectable<ModerationModelsTable>, 'id' | 'version' | 'metrics' | 'active' | 'note' | 'created_at'>) {
  return { id: r.id, version: Number(r.version), active: Number(r.active) === 1, metrics: parse(r.metrics), note: r.note, createdAt: r.created_at };
}
