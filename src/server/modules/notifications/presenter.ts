import { excerptOf } from '../../platform/markdown/index.ts';
import type { UserSummary } from '../accounts/index.ts';
import type { Notification } from './schema.ts';
import type { NotificationRow } from './store.ts';

const goneUser: UserSummary = { id: '', username: 'deleted', displayName: 'deleted', avatarUrl: null, level: 1 };
const moderators: UserSummary = { id: '', username: 'moderators', displayName: 'moderators', avatarUrl: null, level: 1 };

/** Where a notification leads, as a path on the site (the web app's routes). */
export function notificationPath(row: Pick<NotificationRow, 'subject_type' | 'subject_id' | 'post_id'>, actor: UserSummary): string {
  switch (row.subject_type) {
    case 'comment': return `/posts/${row.post_id}#comment-${row.subject_id}`;
    case 'post': return `/posts/${row.subject_id}`;
    case 'user': return `/users/${encodeURIComponent(actor.username)}`;
  }
}

export function presentNotification(row: NotificationRow, users: Map<string, UserSummary>, recent: string[]): Notification {
  // Moderators act for the community, not as themselves: their names are not shown to authors.
  const actor = row.kind === 'moderation' ? moderators : users.get(row.actor_id) ?? goneUser;
  const subject: Notification['subject'] = { type: row.subject_type, id: row.subject_id };
  if (row.post_id) subject.postId = row.post_id;
  if (row.post_title !== null) subject.title = row.post_title;
  if (row.subject_type === 'comment' && row.comment_body !== null) subject.excerpt = excerptOf(row.comment_body, 140);
  else if (row.subject_type === 'post' && row.post_excerpt !== null) subject.excerpt = row.post_excerpt;
  return {
    id: row.id,
    kind: row.kind,
    seq: row.seq,
    read: row.read_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    actor,
    actors: row.kind === 'moderation' ? [actor] : (recent.length ? recent : [row.actor_id]).map((id) => users.get(id) ?? goneUser),
    actorCount: row.actor_count,
    subject,
    url: notificationPath(row, actor),
    ...(row.kind === 'moderation' && row.detail ? { moderation: JSON.parse(row.detail) as Notification['moderation'] } : {}),
  };
}
