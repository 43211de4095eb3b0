import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventBus } from '../../platform/bus/index.ts';
import type { ResponseCache } from '../../platform/cache/index.ts';
import { CompressibleBody, sendCompressible } from '../../platform/http/index.ts';

/**
 * Which cached anonymous reads each content event makes stale. Lists show counts and hot
 * order, so any post, comment or post like refreshes them; a post and its comment pages share
 * the post's tag. Changes that raise no event (a renamed category or member) are bounded by
 * the cache's TTL.
 */
export const LISTS = 'lists';
export const COMMENT_PAGES = 'comment-pages';
export const postTag = (id: string) => `post:${id}`;
/** On every entry: for changes whose reach is not known precisely. */
const EVERYTHING = 'content';

/** Cached answers are kept as bytes, with their brotli and gzip forms made on first demand. */
export type ContentCache = ResponseCache<CompressibleBody>;

export function invalidateOnContentEvents(bus: EventBus, cache: ContentCache): void {
  bus.subscribe('content.post.created', () => cache.invalidate([LISTS]));
  bus.subscribe('content.post.updated', (e) => cache.invalidate([LISTS, postTag(e.postId)]));
  bus.subscribe('content.post.deleted', (e) => cache.invalidate([LISTS, postTag(e.postId)]));
  bus.subscribe('content.comment.created', (e) => cache.invalidate([LISTS, postTag(e.postId)]));
  bus.subscribe('content.comment.updated', (e) => cache.invalidate([postTag(e.postId)]));
  bus.subscribe('content.comment.deleted', (e) => cache.invalidate([LISTS, postTag(e.postId)]));
  for (const name of ['content.like.added', 'content.like.removed'] as const) {
    bus.subscribe(name, (e) => cache.invalidate(e.targetType === 'post' ? [LISTS, postTag(e.targetId)] : [COMMENT_PAGES]));
  }
  // Moderation moves posts and comments between statuses (held, hidden, approved, restored)
  // without content events; such decisions are rare, so each one empties the cache.
  for (const name of ['moderation.decided', 'moderation.hidden'] as const) {
    bus.subscribe(name, () => cache.invalidate([EVERYTHING]));
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Serves an anonymous read from the cache, or produces, serialises (with the route's own
 * response schema) and stores it. Signed-in readers always get a fresh answer. What is
 * cached is the same for every visitor, so it is sent compressed to clients that accept it
 * (a list of 20 posts: 15 KB as it is, about 5 KB with brotli), compressed once per entry;
 * answers for a member are not (see platform/http/compression.ts).
 */
export async function cachedRead<T>(
  cache: ContentCache, request: FastifyRequest, reply: FastifyReply, tags: string[], produce: () => Promise<T>,
  options: { fresh?: boolean } = {},
): Promise<T> {
  if (request.actor) return produce();
  const hit = options.fresh ? undefined : cache.get(request.url);
  if (hit !== undefined) return sendCompressible(request, reply.type(JSON_TYPE), hit) as T;
  // One database read per key at a time: when an entry expires under load, the requests that
  // miss together share the first one's answer instead of all querying (a cache stampede).
  // Errors are not shared: a waiter whose leader failed reads for itself.
  let waiting = inFlight.get(cache);
  if (!waiting) inFlight.set(cache, waiting = new Map());
  const leader = options.fresh ? undefined : waiting.get(request.url);
  if (leader) {
    const shared = await leader.catch(() => undefined);
    if (shared !== undefined) return sendCompressible(request, reply.type(JSON_TYPE), shared) as T;
  }
  const since = cache.epoch();
  const producing = produce().then((value) => new CompressibleBody(Buffer.from(reply.serialize(value) as string)));
  if (!options.fresh && !leader) waiting.set(request.url, producing);
  try {
    const body = await producing;
    cache.set(request.url, body, [...tags, EVERYTHING], since);
    return sendCompressible(request, reply.type(JSON_TYPE), body) as T;
  } finally {
    if (waiting.get(request.url) === producing) waiting.delete(request.url);
  }
}

const inFlight = new WeakMap<ContentCache, Map<string, Promise<CompressibleBody>>>();

/**
 * Viewers already counted today for a post, so that their repeat reads can come from the
 * cache: a post counts one view per viewer per day, and only a first view needs the database.
 * Forgetting is always safe (the database deduplicates too), so the memory is simply cleared
 * when the day changes or it grows large.
 */
export class CountedViews {
  private day = '';
  private readonly seen = new Set<string>();

  has(postId: string, viewerKey: string): boolean {
    this.roll();
    return this.seen.has(`${postId}|${viewerKey}`);
  }

  add(postId: string, viewerKey: string): void {
    this.roll();
    if (this.seen.size >= 200_000) this.seen.clear();
    this.seen.add(`${postId}|${viewerKey}`);
  }

  private roll(): void {
    const day = new Date().toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.seen.clear();
    }
  }
}
