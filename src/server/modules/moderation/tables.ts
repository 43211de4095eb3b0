import type { WordAction } from './matcher.ts';

export type TargetType = 'post' | 'comment' | 'message' | 'user';
export type QueueSource = 'word' | 'classifier' | 'report' | 'new_member';
export type Decision = 'approve' | 'reject' | 'delete' | 'warn' | 'silence';

export interface ModerationWordsTable {
  id: string;
  pattern: string;
  /** The matching form (normalize.ts): two spellings of one word are one entry. */
  normalized: string;
  action: WordAction;
  category: string;
  created_by: string | null;
  created_at: string;
}

export interface ModerationQueueTable {
  id: string;
  target_type: TargetType;
  target_id: string;
  author_id: string | null;
  source: QueueSource;
  reason: string;
  score: number;
  /** The text as it was when queued: a decision teaches the classifier from it. */
  snapshot: string;
  /** Whether the item was held (not shown) while it waits. */
  held: number;
  status: 'open' | 'decided';
  decision: Decision | null;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
  appealed: number;
  created_at: string;
}

export interface ModerationReportsTable {
  id: string;
  reporter_id: string;
  target_type: TargetType;
  target_id: string;
  reason: string;
  weight: number;
  created_at: string;
}

export interface ModerationAuditTable {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON of the state before and after. */
  before: string;
  after: string;
  note: string | null;
  created_at: string;
}

export interface ModerationExamplesTable {
  id: string;
  text: string;
  label: number;
  source: 'decision' | 'import';
  created_at: string;
}

export interface ModerationModelsTable {
  id: string;
  version: number;
  /** The serialised classifier (SerializedModel JSON). */
  params: string;
  /** JSON: examples used and the evaluation on held-out data. */
  metrics: string;
  active: number;
  note: string;
  created_by: string | null;
  created_at: string;
}

/** A warning or a silence (no posting or commenting until `until`) given to a member. */
export interface ModerationSanctionsTable {
  id: string;
  user_id: string;
  kind: 'warn' | 'silence';
  until: string | null;
  reason: string;
  queue_item_id: string | null;
  created_by: string;
  created_at: string;
}

/** A reusable reason a moderator picks when deciding (shown to the author). */
export interface ModerationReasonsTable {
  id: string;
  title: string;
  body: string;
  created_by: string | null;
  created_at: string;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    moderation_words: ModerationWordsTable;
    moderation_queue: ModerationQueueTable;
    moderation_reports: ModerationReportsTable;
    moderation_audit: ModerationAuditTable;
    moderation_examples: ModerationExamplesTable;
    moderation_models: ModerationModelsTable;
    moderation_sanctions: ModerationSanctionsTable;
    moderation_reasons: ModerationReasonsTable;
  }
}
