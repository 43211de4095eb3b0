import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoTime, PageQuery } from '../../platform/http/index.ts';
import { UserSummary } from '../accounts/index.ts';

export const NotificationSubject = Type.Object({
  type: Type.Union([Type.Literal('post'), Type.Literal('comment'), Type.Literal('user')]),
  id: Type.String(),
  postId: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  excerpt: Type.Optional(Type.String()),
});

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('reply'), Type.Literal('mention'), Type.Literal('follow'), Type.Literal('like'), Type.Literal('moderation')]),
  /** Delivery order; the stream resumes after the last seq a client saw. */
  seq: Type.Integer(),
  read: Type.Boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  actor: UserSummary,
  /** Up to three of the most recent actors, latest first ("A, B and 3 others liked…"). */
  actors: Type.Array(UserSummary),
  actorCount: Type.Integer(),
  subject: NotificationSubject,
  /** Path of the page the notification leads to, relative to the site. */
  url: Type.String(),
  /** For kind "moderation": what a moderator decided about the member's content. */
  moderation: Type.Optional(Type.Object({
    action: Type.String({ description: 'approve, reject, delete, warn or silence' }),
    note: Type.Union([Type.String(), Type.Null()]),
    reasonTitle: Type.Union([Type.String(), Type.Null()]),
    silencedUntil: Type.Union([IsoTime, Type.Null()]),
    appealable: Type.Boolean(),
  })),
});
export type Notification = Static<typeof Notification>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unreadCount: Type.Integer(),
});

export const ListQuery = Type.Object(PageQuery);

export const MarkReadBody = Type.Object({
  ids: Type.Optional(Type.Array(Id, { maxItems: 100 })),
}, { additionalProperties: false });

export const UnreadState = Type.Object({ unreadCount: Type.Integer() });

export const Preferences = Type.Object({
  emailReplies: Type.Boolean(),
  emailMentions: Type.Boolean(),
  emailDigest: Type.Boolean(),
});
export type Preferences = Static<typeof Preferences>;

export const PreferencesBody = Type.Partial(Preferences, { additionalProperties: false });

export const UnsubscribeQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
export const UnsubscribeBody = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200 })),
  /** Sent by mail clients that unsubscribe in one click (RFC 8058). */
  'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 50 })),
});
export const UnsubscribeResult = Type.Object({
  kind: Type.Union([Type.Literal('replies'), Type.Literal('mentions'), Type.Literal('digest')]),
  unsubscribed: Type.Boolean(),
});

export const StreamQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
});
