import type { HearthEvents } from '../../platform/bus/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { parseMentions } from './mentions.ts';
import type { Delivered, NewNotification, NotificationStore } from './store.ts';

export type OnCreated = (n: NewNotification, delivered: Delivered) => Promise<void>;

/**
 * Turns what happens elsewhere (replies, mentions, follows, likes) into notifications. Handlers
 * run after the producing transaction committed and may run again on a replay: every write is
 * keyed so that a second run changes nothing.
 */
export class NotificationProducer {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly store: NotificationStore,
    private readonly onCreated: OnCreated,
  ) {}

  subscribe(): void {
    const { bus } = this.ctx;
    // Replies to a busy thread all update its author's unread counter: in batches, one
    // transaction each (see EventBus.subscribeBatch).
    bus.subscribeBatch('content.comment.created', (events) =>
      this.commentsCreated(events.map((e) => ({ commentId: e.commentId, authorId: e.authorId, repliedTo: [e.parentAuthorId, e.postAuthorId] }))));
    bus.subscribe('content.post.created', (e) => this.postCreated(e.postId, e.authorId), { runs: 2 });
    bus.subscribe('accounts.user.followed', (e) => this.add({
      recipientId: e.followeeId, kind: 'follow', dedupeKey: `follow:${e.followerId}`,
      subjectType: 'user', subjectId: e.followerId, postId: null, actorId: e.followerId,
    }));
    bus.subscribe('content.like.added', (e) => this.liked(e.targetType, e.targetId, e.userId, e.ownerId), { runs: 2 });
    bus.subscribe('moderation.decided', (e) => this.decided(e));
    bus.subscribe('content.like.removed', (e) => {
      if (e.userId === e.ownerId) return;
      return this.store.removeActor(e.ownerId, `like:${e.targetType}:${e.targetId}`, e.userId);
    });
  }

  private async add(n: NewNotification): Promise<void> {
    // Nobody is told about their own actions.
    if (n.recipientId === n.actorId) return;
    const delivered = await this.store.add(n);
    if (delivered) await this.onCreated(n, delivered);
  }

  /** Active members named in a text, other than its author. */
  private async mentioned(body: string, authorId: string): Promise<string[]> {
    const names = parseMentions(body);
    if (names.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('users').select('id')
      .where('username_lower', 'in', names).where('status', '=', 'active').execute();
    return rows.map((r) => r.id).filter((id) => id !== authorId);
  }

  /** Replies and mentions for new comments (or comments just approved), in one transaction. */
  private async commentsCreated(created: { commentId: string; authorId: string; repliedTo: (string | null)[] }[]): Promise<void> {
    const rows = await this.ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
      .select(['comments.id', 'comments.body', 'comments.post_id'])
      .where('comments.id', 'in', created.map((c) => c.commentId))
      .where('comments.status', '=', 'published').where('posts.status', '=', 'published').execute();
    const shown = new Map(rows.map((r) => [r.id, r]));
    const batch: NewNotification[] = [];
    for (const { commentId, authorId, repliedTo } of created) {
      const comment = shown.get(commentId);
      if (!comment) continue;
      const subject = { subjectType: 'comment', subjectId: commentId, postId: comment.post_id, actorId: authorId } as const;
      const mentioned = await this.mentioned(comment.body, authorId);
      for (const recipientId of mentioned) batch.push({ ...subject, recipientId, kind: 'mention', dedupeKey: `mention:comment:${commentId}` });
      // A member who is both mentioned and replied to hears about the comment once, as a mention.
      const replyTo = new Set(repliedTo.filter((id): id is string => id !== null && id !== authorId && !mentioned.includes(id)));
      for (const recipientId of replyTo) batch.push({ ...subject, recipientId, kind: 'reply', dedupeKey: `reply:${commentId}` });
    }
    const delivered = await this.store.addAll(batch);
    for (const [i, n] of batch.entries()) {
      const d = delivered[i];
      if (d) await this.onCreated(n, d);
    }
  }

  private async postCreated(postId: string, authorId: string): Promise<void> {
    const post = await this.ctx.db.selectFrom('posts').select(['body', 'status']).where('id', '=', postId).executeTakeFirst();
    if (!post || post.status !== 'published') return;
    for (const recipientId of await this.mentioned(post.body, authorId)) {
      await this.add({
        recipientId, kind: 'mention', dedupeKey: `mention:post:${postId}`, subjectType: 'post', subjectId: postId, postId, actorId: authorId,
      });
    }
  }

  /** Authors hear what a moderator decided about their content; content held for review and
   * then approved tells the people it replies to or mentions only now, when they can see it. */
  private async decided(e: HearthEvents['moderation.decided']): Promise<void> {
    if (e.authorId && (e.targetType === 'post' || e.targetType === 'comment')) {
      await this.add({
        recipientId: e.authorId, kind: 'moderation', dedupeKey: `moderation:${e.itemId}:${e.decidedAt}`,
        subjectType: e.targetType, subjectId: e.targetId, postId: e.postId, actorId: e.decidedBy,
        detail: { action: e.action, note: e.note, reasonTitle: e.reasonTitle, silencedUntil: e.silencedUntil, appealable: e.appealable },
      });
    }
    if (e.action !== 'approve' || !e.authorId) return;
    if (e.targetType === 'post') await this.postCreated(e.targetId, e.authorId);
    if (e.targetType === 'comment') {
      const c = await this.ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
        .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
        .select(['posts.author_id as post_author', 'parent.author_id as parent_author'])
        .where('comments.id', '=', e.targetId).executeTakeFirst();
      if (c) await this.commentsCreated([{ commentId: e.targetId, authorId: e.authorId, repliedTo: [c.parent_author, c.post_author] }]);
    }
  }

  private async liked(targetType: 'post' | 'comment', targetId: string, userId: string, ownerId: string): Promise<void> {
    if (userId === ownerId) return;
    const target = targetType === 'post'
      ? await this.ctx.db.selectFrom('posts').select(['id as post_id', 'status']).where('id', '=', targetId).executeTakeFirst()
      : await this.ctx.db.selectFrom('comments').select(['post_id', 'status']).where('id', '=', targetId).executeTakeFirst();
    if (!target || target.status !== 'published') return;
    const n: NewNotification = {
      recipientId: ownerId, kind: 'like', dedupeKey: `like:${targetType}:${targetId}`,
      subjectType: targetType, subjectId: targetId, postId: target.post_id, actorId: userId,
    };
    const delivered = await this.store.addActor(n);
    if (delivered) await this.onCreated(n, delivered);
  }
}
