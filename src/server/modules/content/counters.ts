import type { Kysely } from 'kysely';
import { deferred, type Deferred } from '../../platform/async/index.ts';
import { newId, type Database } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { hotScoreAfterComments } from './hot.ts';

/** Deltas folded per transaction. */
const FOLD_ROWS = 1000;

/**
 * A post's comment count and hot score, moved by new comments without making the writers of a
 * busy thread queue on the post's row. On PostgreSQL every reply to the same post waited for
 * that row's lock, held through each COMMIT's flush to disk: 50 writers on one post got about
 * 120-280 comments a second in the benchmark. A new comment instead inserts a delta row
 * in its own transaction (inserts do not wait for each other); a fold then moves all pending
 * deltas into their posts in one transaction, one UPDATE per post, and the writer waits for
 * the fold that follows its commit, so it reads its own comment in the count. Folds run one
 * after another, each taking what piled up meanwhile. A fold deletes the deltas it applies in
 * the same transaction (DELETE … RETURNING), so a delta counts once however many processes
 * fold; deltas left by a crash are folded at the next start or the next fold.
 */
export class CommentCounts {
  private waiting: Deferred | null = null;
  private running = false;

  /** `onFolded` hears which posts' counts moved (cached reads of them are stale now). */
  constructor(private readonly ctx: ModuleContext, private readonly onFolded: (postIds: string[]) => void = () => {}) {}

  /** Records `delta` more comments on a post, inside the caller's transaction. */
  async record(trx: Kysely<Database>, postId: string, delta: number): Promise<void> {
    await trx.insertInto('post_comment_deltas').values({ id: newId(), post_id: postId, delta }).execute();
  }

  /** Settles once a fold that started after this call has finished. */
  settle(): Promise<void> {
    const waiting = (this.waiting ??= deferred());
    if (!this.running) void this.run();
    return waiting.promise;
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.waiting) {
      const batch = this.waiting;
      this.waiting = null;
      try {
        for (;;) {
          const { moved, more } = await this.foldSome();
          if (moved.length > 0) this.onFolded(moved);
          if (!more) break;
        }
        batch.resolve();
      } catch (err) {
        batch.reject(err);
      }
    }
    this.running = false;
  }

  /** Folds up to FOLD_ROWS pending deltas: the posts it moved, and whether there may be more. */
  private async foldSome(): Promise<{ moved: string[]; more: boolean }> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const taken = await trx.deleteFrom('post_comment_deltas')
        .where('id', 'in', (eb) => eb.selectFrom('post_comment_deltas').select('id').orderBy('id').limit(FOLD_ROWS))
        .returning(['post_id', 'delta']).execute();
      const sums = new Map<string, number>();
      for (const { post_id, delta } of taken) sums.set(post_id, (sums.get(post_id) ?? 0) + delta);
      const posts = sums.size === 0 ? [] : await trx.selectFrom('posts').select(['id', 'created_at']).where('id', 'in', [...sums.keys()]).execute();
      const moved: string[] = [];
      // In id order, so that two processes folding at once lock the posts in the same order.
      for (const post of posts.sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const delta = sums.get(post.id)!;
        if (delta === 0) continue;
        await trx.updateTable('posts')
          .set((eb) => ({ comment_count: eb('comment_count', '+', delta), hot_score: hotScoreAfterComments(delta, post.created_at) }))
          .where('id', '=', post.id).execute();
        moved.push(post.id);
      }
      return { moved, more: taken.length === FOLD_ROWS };
    });
  }
}
