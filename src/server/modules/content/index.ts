import { MemoryResponseCache } from '../../platform/cache/index.ts';
import type { CompressibleBody } from '../../platform/http/index.ts';
import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { CategoryService } from './categories.ts';
import { TextChecks, type TextCheck } from './checks.ts';
import { CommentService } from './comments.ts';
import { FeedService } from './feed.ts';
import { LikeService } from './likes.ts';
import { CommentCounts } from './counters.ts';
import * as init from './migrations/20261126T0720_content_init.ts';
import * as commentDeltas from './migrations/20261127T0440_content_comment_deltas.ts';
import { PostService } from './posts.ts';
import { invalidateOnContentEvents, LISTS, postTag } from './response-cache.ts';
import { contentRoutes } from './routes.ts';
import type { LikeTarget } from './tables.ts';
import './messages.ts';
import './tables.ts';

/** Memory for cached anonymous reads (about 1,500 lists of 20 posts; see response-cache.ts). */
const CACHE_BYTES = 32 * 1024 * 1024;

declare module '../../platform/bus/index.ts' {
  interface HearthEvents {
    'content.post.created': { postId: string; authorId: string; categoryId: string };
    'content.post.updated': { postId: string; authorId: string; editorId: string };
    'content.post.deleted': { postId: string; authorId: string; deletedBy: string };
    'content.comment.created': {
      commentId: string; postId: string; authorId: string; postAuthorId: string; parentId: string | null; parentAuthorId: string | null;
    };
    'content.comment.updated': { commentId: string; postId: string; authorId: string; editorId: string };
    'content.comment.deleted': { commentId: string; postId: string; authorId: string; deletedBy: string };
    'content.like.added': { targetType: LikeTarget; targetId: string; userId: string; ownerId: string };
    'content.like.removed': { targetType: LikeTarget; targetId: string; userId: string; ownerId: string };
  }
}

export const contentModule: ModuleDefinition = {
  name: 'content',
  migrations: { '20261126T0720_content_init': init, '20261127T0440_content_comment_deltas': commentDeltas },
};

export function createContent(ctx: ModuleContext, deps: { accounts: AccountsService }) {
  const categories = new CategoryService(ctx);
  const checks = new TextChecks();
  const posts = new PostService(ctx, deps.accounts, checks);
  const feed = new FeedService(ctx, deps.accounts, posts);
  // Anonymous reads of lists, posts and comment pages, invalidated by content events, and by
  // the comment counts when they move (after the events: see counters.ts; another process's
  // cache may show the count before its fold until its entry expires).
  const cache = new MemoryResponseCache<CompressibleBody>({ maxBytes: CACHE_BYTES, sizeOf: (body) => body.bytes });
  invalidateOnContentEvents(ctx.bus, cache);
  const counts = new CommentCounts(ctx, (postIds) => cache.invalidate([LISTS, ...postIds.map(postTag)]));
  const comments = new CommentService(ctx, deps.accounts, posts, counts, checks);
  const likes = new LikeService(ctx, posts, comments);

  // A profile shows how much its member has written.
  deps.accounts.extendProfiles(async (userId) => {
    const [p, c] = await Promise.all([
      ctx.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('author_id', '=', userId).where('status', '=', 'published').executeTakeFirstOrThrow(),
      // Comments under a post that is gone are gone for readers too, so they do not count.
      ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('comments.author_id', '=', userId).where('comments.status', '=', 'published').where('posts.status', '=', 'published')
        .executeTakeFirstOrThrow(),
    ]);
    return { counts: { posts: Number(p.n), comments: Number(c.n) } };
  });

  return {
    categories, posts, feed, comments, likes, routes: contentRoutes({ categories, posts, feed, comments, likes }, cache),
    /** Folds comment counts a stopped process left pending (see counters.ts). */
    start: () => counts.settle(),
    /** Lets another module (moderation) look at titles and bodies before they are saved. */
    registerTextCheck: (check: TextCheck) => checks.register(check),
  };
}

export type { PostKind, ContentStatus } from './tables.ts';
export type { TextCheck, TextCheckAction, TextCheckInput, TextCheckResult, TextFields } from './checks.ts';
export { setContentStatus, type StatusChange } from './status.ts';
export { hotScore } from './hot.ts';
