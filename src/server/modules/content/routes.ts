import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { NoContent, Page, PageQuery, responses, unwrap, type RouteRateLimit } from '../../platform/http/index.ts';
import type { Routes } from '../../platform/module.ts';
import type { CategoryService } from './categories.ts';
import type { CommentService } from './comments.ts';
import type { FeedService } from './feed.ts';
import type { LikeService } from './likes.ts';
import type { PostService } from './posts.ts';
import { cachedRead, COMMENT_PAGES, CountedViews, LISTS, postTag, type ContentCache } from './response-cache.ts';
import {
  ProfileComment,
  Category, CategoryBody, Comment, CreateCommentBody, CreatePostBody, IdParams, LikeState, ListPostsQuery, Post,
  PostListItem, UpdateCommentBody, UpdatePostBody,
} from './schema.ts';

const postingLimit: RouteRateLimit = { bucket: 'posts', max: 20, windowSec: 600, per: 'user', staffExempt: true, messageKey: 'content.postingLimited' };
const commentingLimit: RouteRateLimit = { bucket: 'comments', max: 30, windowSec: 300, per: 'user', staffExempt: true, messageKey: 'content.postingLimited' };
const likingLimit: RouteRateLimit = { bucket: 'likes', max: 300, windowSec: 300, per: 'user' };

/** Identifies a viewer for view counting without storing addresses in the clear. */
function viewerKey(request: FastifyRequest): string {
  if (request.actor) return `u:${request.actor.userId}`;
  return `a:${createHash('sha256').update(`${request.ip}|${request.headers['user-agent'] ?? ''}`).digest('base64url').slice(0, 32)}`;
}

export interface ContentServices {
  categories: CategoryService;
  posts: PostService;
  feed: FeedService;
  comments: CommentService;
  likes: LikeService;
}

export function contentRoutes(s: ContentServices, cache: ContentCache): Routes {
  const views = new CountedViews();
  return async (app) => {
    const tags = ['content'];

    app.get('/categories', {
      config: { auth: 'public' },
      schema: { tags, summary: 'List categories', response: responses({ 200: Type.Object({ items: Type.Array(Category) }) }) },
    }, async () => ({ items: await s.categories.list() }));

    app.post('/categories', {
      config: { auth: 'user', permission: 'categories.manage' },
      schema: { tags, summary: 'Create a category (admin)', body: CategoryBody, response: responses({ 201: Type.Object({ category: Category }) }) },
    }, async (request, reply) => reply.code(201).send({ category: unwrap(await s.categories.create(request.actor!, request.body)) }));

    app.get('/posts', {
      config: { auth: 'public' },
      schema: { tags, summary: 'List posts', querystring: ListPostsQuery, response: responses({ 200: Page(PostListItem) }) },
    }, async (request, reply) => cachedRead(cache, request, reply, [LISTS], async () => unwrap(await s.feed.list(request.query, request.actor?.userId))));

    app.post('/posts', {
      config: { auth: 'user', rateLimit: postingLimit },
      schema: { tags, summary: 'Write a post', body: CreatePostBody, response: responses({ 201: Type.Object({ post: Post }) }) },
    }, async (request, reply) => reply.code(201).send({ post: unwrap(await s.posts.create(request.actor!, request.body)) }));

    app.get('/posts/:id', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Read a post', params: IdParams, response: responses({ 200: Type.Object({ post: Post }) }) },
    }, async (request, reply) => {
      const { id } = request.params;
      const viewer = viewerKey(request);
      const read = async () => {
        const post = unwrap(await s.posts.read(request.actor, id, viewer));
        views.add(id, viewer);
        return { post };
      };
      // A viewer's first read today must reach the database to be counted; repeats may be cached.
      return cachedRead(cache, request, reply, [postTag(id)], read, { fresh: !views.has(id, viewer) });
    });

    app.patch('/posts/:id', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Edit a post (author or moderator)', params: IdParams, body: UpdatePostBody, response: responses({ 200: Type.Object({ post: Post }) }) },
    }, async (request) => ({ post: unwrap(await s.posts.update(request.actor!, request.params.id, request.body)) }));

    app.delete('/posts/:id', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Delete a post (author or moderator)', params: IdParams, response: responses({ 204: NoContent }) },
    }, async (request, reply) => {
      unwrap(await s.posts.remove(request.actor!, request.params.id));
      return reply.code(204).send(null);
    });

    app.get('/posts/:id/comments', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Comments of a post, oldest first', params: IdParams, querystring: Type.Object(PageQuery), response: responses({ 200: Page(Comment) }) },
    }, async (request, reply) => cachedRead(cache, request, reply, [postTag(request.params.id), COMMENT_PAGES],
      async () => unwrap(await s.comments.list(request.actor, request.params.id, request.query.limit ?? 20, request.query.cursor))));

    app.get('/users/:username/comments', {
      config: { auth: 'public' },
      schema: {
        tags, summary: "A member's comments, newest first", params: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object(PageQuery), response: responses({ 200: Page(ProfileComment) }),
      },
    }, async (request) => unwrap(await s.comments.byAuthor(request.params.username, request.query.limit ?? 20, request.query.cursor)));

    app.post('/posts/:id/comments', {
      config: { auth: 'user', rateLimit: commentingLimit },
      schema: { tags, summary: 'Comment on a post or reply to a comment', params: IdParams, body: CreateCommentBody, response: responses({ 201: Type.Object({ comment: Comment }) }) },
    }, async (request, reply) => reply.code(201).send({ comment: unwrap(await s.comments.create(request.actor!, request.params.id, request.body)) }));

    app.patch('/comments/:id', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Edit a comment (author or moderator)', params: IdParams, body: UpdateCommentBody, response: responses({ 200: Type.Object({ comment: Comment }) }) },
    }, async (request) => ({ comment: unwrap(await s.comments.update(request.actor!, request.params.id, request.body.body)) }));

    app.delete('/comments/:id', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Delete a comment (author or moderator)', params: IdParams, response: responses({ 204: NoContent }) },
    }, async (request, reply) => {
      unwrap(await s.comments.remove(request.actor!, request.params.id));
      return reply.code(204).send(null);
    });

    for (const target of ['post', 'comment'] as const) {
      for (const method of ['put', 'delete'] as const) {
        app[method](`/${target}s/:id/like`, {
          config: { auth: 'user', rateLimit: likingLimit },
          schema: { tags, summary: `${method === 'put' ? 'Like' : 'Unlike'} a ${target}`, params: IdParams, response: responses({ 200: LikeState }) },
        }, async (request) => unwrap(await s.likes.set(request.actor!, target, request.params.id, method === 'put')));
      }
    }
  };
}
