import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { decodeCursor, raise, splitPage, type Lang } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { grantBadge } from './badge-rules.ts';
import { currentStreak } from './checkin.ts';
import { currentLevels, levelFor, type Privileges } from './config.ts';
import { Earning, countAction } from './earning.ts';
import { Invites } from './invites.ts';
import { balanceOf, postEntry, presentEntry } from './ledger.ts';
import { checkTasks } from './tasks.ts';

export interface MemberLevel {
  number: number;
  nameZh: string;
  nameEn: string;
  privileges: Privileges;
}

export class GrowthService {
  readonly earning: Earning;
  readonly invites: Invites;

  constructor(readonly ctx: ModuleContext) {
    this.earning = new Earning(ctx);
    this.invites = new Invites(ctx, this.earning);
  }

  /** A member's level and what it allows; the rest of Hearth checks privileges through this. */
  async levelOf(userId: string): Promise<MemberLevel & { earned: number; nextAt: number | null }> {
    const { earned } = await balanceOf(this.ctx.db, userId);
    const { level, nextAt } = levelFor(await currentLevels(this.ctx.db), earned);
    return { number: level.number, nameZh: level.nameZh, nameEn: level.nameEn, privileges: level.privileges, earned, nextAt };
  }

  /** Level numbers of many members at once (authors beside a list of posts). */
  async levelNumbers(userIds: string[]): Promise<Map<string, number>> {
    const [levels, rows] = await Promise.all([
      currentLevels(this.ctx.db),
      userIds.length ? this.ctx.db.selectFrom('point_accounts').select(['user_id', 'earned']).where('user_id', 'in', userIds).execute() : [],
    ]);
    const earned = new Map(rows.map((r) => [r.user_id, Number(r.earned)]));
    return new Map(userIds.map((id) => [id, levelFor(levels, earned.get(id) ?? 0).level.number]));
  }

  async summary(userId: string, lang: Lang) {
    const [{ balance }, level, streak] = await Promise.all([
      balanceOf(this.ctx.db, userId), this.levelOf(userId), currentStreak(this.ctx.db, userId),
    ]);
    return {
      balance,
      earned: level.earned,
      level: { number: level.number, name: lang === 'en' ? level.nameEn : level.nameZh, nextAt: level.nextAt, privileges: level.privileges },
      streak,
    };
  }

  async ledger(userId: string, limit: number, cursor: string | undefined) {
    const after = decodeCursor(cursor, ['string'] as const);
    let q = this.ctx.db.selectFrom('point_entries').selectAll().where('user_id', '=', userId);
    if (after) q = q.where('id', '<', after[0]);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.id]);
    return { items: pageRows.map(presentEntry), nextCursor };
  }

  async userIdOf(db: Kysely<Database>, username: string): Promise<string> {
    const user = await db.selectFrom('users').select('id').where('username_lower', '=', username.trim().toLowerCase()).executeTakeFirst();
    return user?.id ?? raise('notFound', 'growth.userNotFound');
  }

  /** An operator's grant or correction: a new entry, never an edit of an old one. */
  async grant(trx: Kysely<Database>, operatorId: string, input: { username: string; amount: number; reason: string }) {
    const userId = await this.userIdOf(trx, input.username);
    const entry = await postEntry(trx, {
      userId, amount: input.amount, kind: 'earn', reason: 'grant', refType: 'grant', refId: `${operatorId}:${input.reason}`.slice(0, 128),
    });
    return presentEntry(entry);
  }

  async badgesOf(userId: string, lang: Lang) {
    const rows = await this.ctx.db.selectFrom('user_badges').innerJoin('badges', 'badges.id', 'user_badges.badge_id')
      .select(['badges.slug', 'badges.name_zh', 'badges.name_en', 'badges.description', 'badges.kind', 'user_badges.created_at'])
      .where('user_badges.user_id', '=', userId).orderBy('user_badges.created_at').execute();
    return rows.map((b) => ({
      slug: b.slug, name: lang === 'en' ? b.name_en : b.name_zh, nameZh: b.name_zh, nameEn: b.name_en,
      description: b.description, kind: b.kind, grantedAt: b.created_at,
    }));
  }

  async allBadges(lang: Lang) {
    const rows = await this.ctx.db.selectFrom('badges').selectAll().orderBy('created_at').orderBy('slug').execute();
    return rows.map((b) => ({ slug: b.slug, name: lang === 'en' ? b.name_en : b.name_zh, nameZh: b.name_zh, nameEn: b.name_en, description: b.description, kind: b.kind }));
  }

  async createBadge(trx: Kysely<Database>, input: { slug: string; nameZh: string; nameEn: string; description?: string }) {
    const taken = await trx.selectFrom('badges').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (taken) raise('conflict', 'growth.badgeSlugTaken');
    const row = { id: newId(), slug: input.slug, name_zh: input.nameZh, name_en: input.nameEn, description: input.description ?? '', kind: 'manual' as const, created_at: nowIso() };
    await trx.insertInto('badges').values(row).execute();
    return row;
  }

  async grantManualBadge(trx: Kysely<Database>, operatorId: string, slug: string, username: string) {
    const badge = await trx.selectFrom('badges').select('kind').where('slug', '=', slug).executeTakeFirst();
    if (!badge) raise('notFound', 'growth.badgeNotFound');
    const userId = await this.userIdOf(trx, username);
    await grantBadge(trx, userId, slug, operatorId);
  }

  tasks(userId: string) {
    return checkTasks(this.ctx, userId);
  }

  /** Wires earning to what happens elsewhere in Hearth (events arrive after commit). */
  subscribe(): void {
    const { bus, db } = this.ctx;
    const afterActivity = async (userId: string, action: 'post' | 'comment') => {
      await this.invites.onActivity(userId);
      await checkTasks(this.ctx, userId, action);
    };
    bus.subscribe('accounts.user.registered', async (e) => {
      if (e.inviteCode) await this.invites.recordInvitee(e.userId, e.inviteCode);
    });
    bus.subscribe('accounts.user.followed', async (e) => { await checkTasks(this.ctx, e.followerId, 'follow'); });
    bus.subscribe('accounts.profile.updated', async (e) => { await checkTasks(this.ctx, e.userId, 'profile'); });
    // Only content others can see earns: a post held for review earns when it is approved.
    const isPublished = async (table: 'posts' | 'comments', id: string) =>
      (await db.selectFrom(table).select('status').where('id', '=', id).executeTakeFirst())?.status === 'published';
    const postWritten = async (authorId: string, postId: string) => {
      if (!(await isPublished('posts', postId))) return;
      await this.earning.award({ userId: authorId, action: 'post', key: `post:${postId}`, boards: [{ board: 'posts', delta: 1 }], refType: 'post', refId: postId });
      await grantBadge(db, authorId, 'first-post', null);
      await afterActivity(authorId, 'post');
    };
    const commentsWritten = async (comments: { authorId: string; commentId: string }[]) => {
      const published = new Set((await db.selectFrom('comments').select('id')
        .where('id', 'in', comments.map((c) => c.commentId)).where('status', '=', 'published').execute()).map((r) => r.id));
      const byAuthor = new Map<string, typeof comments>();
      for (const c of comments) {
        if (!published.has(c.commentId)) continue;
        const written = byAuthor.get(c.authorId);
        if (written) written.push(c);
        else byAuthor.set(c.authorId, [c]);
      }
      for (const [authorId, written] of byAuthor) {
        await this.earning.awardAll(authorId, 'comment', written.map((c) => ({ key: `comment:${c.commentId}`, refType: 'comment', refId: c.commentId })));
        await grantBadge(db, authorId, 'first-comment', null);
        await afterActivity(authorId, 'comment');
      }
    };
    const commentWritten = (authorId: string, commentId: string) => commentsWritten([{ authorId, commentId }]);
    // A busy writer's awards all update the same rows: a couple at a time (see SubscribeOptions),
    // and comments, the most frequent, in batches (see EventBus.subscribeBatch).
    bus.subscribe('content.post.created', (e) => postWritten(e.authorId, e.postId), { runs: 2 });
    bus.subscribeBatch('content.comment.created', (events) => commentsWritten(events));
    // Moderation: approval pays what the held content would have earned; hiding takes back
    // what it earned, as deleting does.
    bus.subscribe('moderation.decided', async (e) => {
      if (!e.authorId || (e.targetType !== 'post' && e.targetType !== 'comment')) return;
      if (e.action === 'approve') {
        await (e.targetType === 'post' ? postWritten(e.authorId, e.targetId) : commentWritten(e.authorId, e.targetId));
      } else if (e.targetType === 'post') {
        await this.earning.reverse(`post:${e.targetId}`, ['posts']);
      } else {
        await this.earning.reverse(`comment:${e.targetId}`);
      }
    });
    bus.subscribe('moderation.hidden', async (e) => {
      if (e.targetType === 'post') await this.earning.reverse(`post:${e.targetId}`, ['posts']);
      if (e.targetType === 'comment') await this.earning.reverse(`comment:${e.targetId}`);
    });
    bus.subscribe('content.like.added', async (e) => {
      await db.transaction().execute((trx) => countAction(trx, e.userId, 'like_given', new Date()));
      await checkTasks(this.ctx, e.userId, 'like_given');
      // Liking one's own content earns nothing.
      if (e.userId === e.ownerId) return;
      await this.earning.award({
        userId: e.ownerId, action: 'like_received', key: `like:${e.targetType}:${e.targetId}:${e.userId}`,
        boards: [{ board: 'likes', delta: 1 }], refType: e.targetType, refId: e.targetId,
      });
      const total = await db.selectFrom('leaderboard_scores').select('value')
        .where('board', '=', 'likes').where('period_key', '=', 'all').where('user_id', '=', e.ownerId).executeTakeFirst();
      if (Number(total?.value ?? 0) >= 100) await grantBadge(db, e.ownerId, 'likes-100', null);
    }, { runs: 2 });
    bus.subscribe('content.like.removed', async (e) => {
      if (e.userId !== e.ownerId) await this.earning.reverse(`like:${e.targetType}:${e.targetId}:${e.userId}`, ['likes']);
    });
    bus.subscribe('content.post.deleted', async (e) => { await this.earning.reverse(`post:${e.postId}`, ['posts']); });
    bus.subscribe('content.comment.deleted', async (e) => { await this.earning.reverse(`comment:${e.commentId}`); });
  }
}
