export type NotificationKind = 'reply' | 'mention' | 'follow' | 'like' | 'moderation';
export type SubjectType = 'post' | 'comment' | 'user';

export interface NotificationsTable {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  /** What the notification is about; one row per (recipient, dedupe_key), so replays are no-ops. */
  dedupe_key: string;
  subject_type: SubjectType;
  subject_id: string;
  /** The post the subject belongs to: a deleted post hides every notification about it. */
  post_id: string | null;
  /** The latest actor; likes keep every actor in notification_actors. */
  actor_id: string;
  actor_count: number;
  /** JSON with what the kind needs beyond the subject (a moderation decision and its note). */
  detail: string | null;
  /** Delivery order for the recipient: taken again whenever the row resurfaces (a new like). */
  seq: number;
  read_at: string | null;
  emailed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationActorsTable {
  notification_id: string;
  actor_id: string;
  created_at: string;
  /** Set when the actor took their like back; a like given again later stays quiet. */
  withdrawn_at: string | null;
}

/** The last delivery sequence number handed out per recipient. */
export interface NotificationCountersTable {
  user_id: string;
  last_seq: number;
}

export interface NotificationPreferencesTable {
  user_id: string;
  email_replies: number;
  email_mentions: number;
  email_digest: number;
  updated_at: string;
}

export type EmailKind = 'replies' | 'mentions' | 'digest';

export interface UnsubscribeTokensTable {
  /** SHA-256 of the token that travels in the e-mail link. */
  token_hash: string;
  user_id: string;
  kind: EmailKind;
  created_at: string;
}

/** One digest per member and day, claimed before sending so instances never send twice. */
export interface NotificationDigestsTable {
  user_id: string;
  day: string;
  created_at: string;
}

/** The last instant e-mail per member: the next one waits out the quiet period. */
export interface NotificationEmailQuietTable {
  user_id: string;
  last_sent_at: string;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    notifications: NotificationsTable;
    notification_actors: NotificationActorsTable;
    notification_counters: NotificationCountersTable;
    notification_preferences: NotificationPreferencesTable;
    unsubscribe_tokens: UnsubscribeTokensTable;
    notification_digests: NotificationDigestsTable;
    notification_email_quiet: NotificationEmailQuietTable;
  }
}
