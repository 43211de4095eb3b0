/** Shapes of the API responses the web app reads (see /api/v1/openapi.json). */
export interface UserSummary { id: string; username: string; displayName: string; avatarUrl: string | null; level: number }
export interface PublicUser extends UserSummary {
  bio: string; roles: string[]; points: number; createdAt: string; counts: Record<string, number>; followedByMe: boolean;
}
export interface Me extends Omit<PublicUser, 'followedByMe'> { email: string; locale: string | null; csrfToken?: string }
export interface Category { id: string; slug: string; name: string; description: string; postCount: number }
export type PostKind = 'discussion' | 'article' | 'question';
export interface PostListItem {
  id: string; kind: PostKind; title: string; excerpt: string; status: string;
  category: { id: string; slug: string; name: string }; author: UserSummary; tags: string[];
  likeCount: number; commentCount: number; viewCount: number; createdAt: string; updatedAt: string; editedAt: string | null;
}
export interface Post extends PostListItem { body: string; bodyHtml: string; likedByMe: boolean; canEdit: boolean }
export interface Comment {
  id: string; postId: string; parentId: string | null; author: UserSummary; body: string; bodyHtml: string; status: string;
  likeCount: number; likedByMe: boolean; canEdit: boolean; createdAt: string; updatedAt: string; editedAt: string | null;
}
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface SearchHit { type: 'post' | 'comment' | 'user'; id: string; title?: string; snippet: string; url: string }
export interface Notification {
  id: string; kind: 'reply' | 'mention' | 'follow' | 'like' | 'moderation'; seq: number; read: boolean; createdAt: string; updatedAt: string;
  actor: UserSummary; actors: UserSummary[]; actorCount: number;
  subject: { type: 'post' | 'comment' | 'user'; id: string; postId?: string; title?: string; excerpt?: string };
  url: string;
  moderation?: ModerationNotice;
}
/** What a moderator decided about the member's own post or comment. */
export interface ModerationNotice { action: string; note: string | null; reasonTitle: string | null; silencedUntil: string | null; appealable: boolean }
export interface NotificationPage extends Page<Notification> { unreadCount: number }
export interface Preferences { emailReplies: boolean; emailMentions: boolean; emailDigest: boolean }
export interface AccessToken { id: string; name: string; createdAt: string; lastUsedAt: string | null }
