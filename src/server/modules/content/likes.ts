import { recordActivity } from '../../platform/activity/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { ok, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { CommentService } from './comments.ts';
import { refreshHotScore, type PostService } from './posts.ts';
import type { LikeTarget } from './tables.ts';

export class LikeService {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly posts: PostService,
    private readonly comments: CommentService,
  ) {}

  /**
   * Idempotent like/unlike. The (target, user) primary key decides races: the insert or delete
   * that changes a row is the only one that moves the counter, so a hundred parallel likes
   * from one member count once.
   */
  async set(actor: Actor, targetType: LikeTarget, id: string, like: boolean): Promise<Result<{ liked: boolean; likeCount: number }>> {
    const target = targetType === 'post' ? await this.posts.loadAccess(actor, id) : await this.comments.loadVisible(actor, id);
    if (!target.ok) return target;
    const ownerId = target.value.author_id;
    const table = targetType === 'post' ? 'posts' : 'comments';
    await this.ctx.outbox.transaction(async (trx, emit) => {
      let delta: number;
      if (like) {
        const r = await trx.insertInto('likes').values({ target_type: targetType, target_id: id, user_id: actor.userId, created_at: nowIso() })
          .onConflict((oc) => oc.columns(['target_type', 'target_id', 'user_id']).doNothing()).executeTakeFirst();
        delta = Number(r.numInsertedOrUpdatedRows ?? 0n) > 0 ? 1 : 0;
      } else {
        const r = await trx.deleteFrom('likes')
          .where('target_type', '=', targetType).where('target_id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
        delta = Number(r.numDeletedRows) > 0 ? -1 : 0;
      }
      if (delta === 0) return;
      await trx.updateTable(table).set((eb) => ({ like_count: eb('like_count', '+', delta) })).where('id', '=', id).execute();
      if (targetType === 'post') await refreshHotScore(trx, id);
      await recordActivity(trx, {
        actorId: actor.userId, verb: like ? 'content.like.added' : 'content.like.removed', subjectType: targetType, subjectId: id,
      });
      emit(like ? 'content.like.added' : 'content.like.removed', { targetType, targetId: id, userId: actor.userId, ownerId });
    });
    const count = await this.ctx.db.selectFrom(table).select('like_count').where('id', '=', id).executeTakeFirstOrThrow();
    return ok({ liked: like, likeCount: count.like_count });
  }
}
