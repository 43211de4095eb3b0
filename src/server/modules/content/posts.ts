import type { Kysely, Selectable } from 'kysely';
import { recordActivity } from '../../platform/activity/index.ts';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { fail, invalidField, ok, type Actor, type Result } from '../../platform/http/index.ts';
import { excerptOf, renderMarkdown } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { hotScore, hotScoreAfterComments } from './hot.ts';
import { TextChecks } from './checks.ts';
import { canEdit, canSee } from './policy.ts';
import { presentListItem, presentPost, type PostListRow } from './presenter.ts';
import type { CreatePostBody, Post, PostListItem, UpdatePostBody } from './schema.ts';
import { setContentStatus } from './status.ts';
import type { PostsTable } from './tables.ts';
import { adjustTagCounts, normalizeTags, replacePostTags, tagsOfPosts } from './tags.ts';

export const listColumns = [
  'id', 'category_id', 'author_id', 'kind', 'title', 'excerpt', 'status', 'like_count', 'comment_count',
  'view_count', 'hot_score', 'created_at', 'updated_at', 'edited_at', 'deleted_at',
] as const;

/**
 * Moves a post's comment count, and its hot score with it, in one statement, inside the
 * caller's transaction: for the rare changes (a removal, a moderation decision). New comments
 * go through CommentCounts, which does not make a busy thread's writers queue on its row.
 */
export async function countComment(trx: Kysely<Database>, postId: string, delta: number): Promise<void> {
  const created = (await trx.selectFrom('posts').select('created_at').where('id', '=', postId).executeTakeFirst())?.created_at;
  if (created === undefined) return;
  await trx.updateTable('posts')
    .set((eb) => ({ comment_count: eb('comment_count', '+', delta), hot_score: hotScoreAfterComments(delta, created) }))
    .where('id', '=', postId).execute();
}

/** Re-derives a post's hot score from its counts, inside the caller's transaction. */
export async function refreshHotScore(trx: Kysely<Database>, postId: string): Promise<void> {
  const p = await trx.selectFrom('posts').select(['like_count', 'comment_count', 'view_count', 'created_at'])
    .where('id', '=', postId).executeTakeFirst();
  if (!p) return;
  const score = hotScore({ likes: p.like_count, comments: p.comment_count, views: p.view_count }, p.created_at);
  await trx.updateTable('posts').set({ hot_score: score }).where('id', '=', postId).execute();
}

/** Takes a post's row lock for the rest of the transaction (a no-op write, which waits for
 * any other writer on PostgreSQL; SQLite transactions are serial anyway), then reads it. */
async function lockPost(trx: Kysely<Database>, id: string) {
  await trx.updateTable('posts').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).execute();
  return trx.selectFrom('posts').select(['title', 'body', 'status']).where('id', '=', id).executeTakeFirst();
}

export class PostService {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly accounts: AccountsService,
    readonly checks: TextChecks = new TextChecks(),
  ) {}

  private render(body: string) {
    return { body_html: renderMarkdown(body, { siteOrigin: new URL(this.ctx.config.baseUrl).origin }), excerpt: excerptOf(body) };
  }

  /** Loads a post the actor may see, or reports 404 (also for ones they may not see). */
  async loadVisible(actor: Actor | null, id: string): Promise<Result<Selectable<PostsTable>>> {
    const row = await this.ctx.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(actor, row)) return fail('notFound', 'content.postNotFound');
    return ok(row);
  }

  /** Like loadVisible, with only what deciding access needs: for writes under a post
   * (comments, likes), which otherwise read its whole body on every request. */
  async loadAccess(actor: Actor | null, id: string): Promise<Result<{ id: string; status: PostsTable['status']; author_id: string }>> {
    const row = await this.ctx.db.selectFrom('posts').select(['id', 'status', 'author_id']).where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(actor, row)) return fail('notFound', 'content.postNotFound');
    return ok(row);
  }

  async create(actor: Actor, input: CreatePostBody): Promise<Result<Post>> {
    const title = input.title.trim();
    if (!title) return invalidField('title', 'content.emptyText');
    if (!input.body.trim()) return invalidField('body', 'content.emptyText');
    const tags = normalizeTags(input.tags);
    if (!Array.isArray(tags)) return tags;
    const category = await this.ctx.db.selectFrom('categories').select(['id'])
      .where((eb) => eb.or([eb('id', '=', input.categoryId), eb('slug', '=', input.categoryId.toLowerCase())]))
      .executeTakeFirst();
    if (!category) return invalidField('categoryId', 'content.categoryNotFound');
    const check = await this.checks.run({ kind: 'post', authorId: actor.userId, authorRole: actor.role, fields: { title, body: input.body } });
    if (check.action === 'block') return fail('unprocessable', check.message?.key ?? 'problem.unprocessable', check.message?.params);
    const checked = { title: check.fields.title ?? title, body: check.fields.body ?? input.body };
    const published = check.action !== 'review';
    const now = nowIso();
    const row: Selectable<PostsTable> = {
      id: newId(),
      category_id: category.id,
      author_id: actor.userId,
      kind: input.kind ?? 'discussion',
      title: checked.title,
      body: checked.body,
      ...this.render(checked.body),
      status: published ? 'published' : 'pending',
      like_count: 0,
      comment_count: 0,
      view_count: 0,
      hot_score: hotScore({ likes: 0, comments: 0, views: 0 }, now),
      created_at: now,
      updated_at: now,
      edited_at: null,
      deleted_at: null,
    };
    await this.ctx.outbox.transaction(async (trx, emit) => {
      await trx.insertInto('posts').values(row).execute();
      await replacePostTags(trx, row.id, tags, published);
      if (published) await trx.updateTable('categories').set((eb) => ({ post_count: eb('post_count', '+', 1) })).where('id', '=', category.id).execute();
      await recordActivity(trx, { actorId: actor.userId, verb: 'content.post.created', subjectType: 'post', subjectId: row.id });
      await check.saveAll(trx, row.id);
      emit('content.post.created', { postId: row.id, authorId: actor.userId, categoryId: category.id });
    });
    await check.afterSaveAll(row.id);
    return ok(await this.present(actor, row));
  }

  async present(actor: Actor | null, row: Selectable<PostsTable>): Promise<Post> {
    const [category, authors, tags, liked] = await Promise.all([
      this.ctx.db.selectFrom('categories').select(['id', 'slug', 'name']).where('id', '=', row.category_id).executeTakeFirst(),
      this.accounts.summaries([row.author_id]),
      tagsOfPosts(this.ctx.db, [row.id]),
      actor
        ? this.ctx.db.selectFrom('likes').select('user_id')
          .where('target_type', '=', 'post').where('target_id', '=', row.id).where('user_id', '=', actor.userId).executeTakeFirst()
        : undefined,
    ]);
    return presentPost(row, {
      category,
      author: authors.get(row.author_id),
      tags: tags.get(row.id) ?? [],
      likedByMe: liked !== undefined,
      canEdit: canEdit(actor, row),
    });
  }

  async presentList(rows: PostListRow[]): Promise<PostListItem[]> {
    const ids = rows.map((r) => r.id);
    const categoryIds = [...new Set(rows.map((r) => r.category_id))];
    const [categories, authors, tags] = await Promise.all([
      categoryIds.length
        ? this.ctx.db.selectFrom('categories').select(['id', 'slug', 'name']).where('id', 'in', categoryIds).execute()
        : [],
      this.accounts.summaries(rows.map((r) => r.author_id)),
      tagsOfPosts(this.ctx.db, ids),
    ]);
    const byId = new Map(categories.map((c) => [c.id, c]));
    return rows.map((r) => presentListItem(r, byId.get(r.category_id), authors.get(r.author_id), tags.get(r.id) ?? []));
  }

  /** Reads a post and counts the view once per viewer per day. */
  async read(actor: Actor | null, id: string, viewerKey: string): Promise<Result<Post>> {
    const found = await this.loadVisible(actor, id);
    if (!found.ok) return found;
    const row = found.value;
    if (row.status === 'published') {
      const day = new Date().toISOString().slice(0, 10);
      const counted = await this.ctx.db.transaction().execute(async (trx) => {
        const inserted = await trx.insertInto('post_views').values({ post_id: id, viewer_key: viewerKey, day })
          .onConflict((oc) => oc.columns(['post_id', 'viewer_key', 'day']).doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
        await trx.updateTable('posts').set((eb) => ({ view_count: eb('view_count', '+', 1) })).where('id', '=', id).execute();
        await refreshHotScore(trx, id);
        return true;
      });
      if (counted) row.view_count += 1;
    }
    return ok(await this.present(actor, row));
  }

  async update(actor: Actor, id: string, input: UpdatePostBody): Promise<Result<Post>> {
    const found = await this.loadVisible(actor, id);
    if (!found.ok) return found;
    const row = found.value;
    if (!canEdit(actor, row)) return fail('forbidden', 'content.notAuthor');
    const title = input.title?.trim();
    if (input.title !== undefined && !title) return invalidField('title', 'content.emptyText');
    if (input.body !== undefined && !input.body.trim()) return invalidField('body', 'content.emptyText');
    const tags = input.tags === undefined ? undefined : normalizeTags(input.tags);
    if (tags !== undefined && !Array.isArray(tags)) return tags;
    const check = await this.checks.run({
      kind: 'post', authorId: row.author_id, targetId: id,
      fields: { ...(title ? { title } : {}), ...(input.body !== undefined ? { body: input.body } : {}) },
    });
    if (check.action === 'block') return fail('unprocessable', check.message?.key ?? 'problem.unprocessable', check.message?.params);
    const newTitle = title ? check.fields.title ?? title : undefined;
    const newBody = input.body !== undefined ? check.fields.body ?? input.body : undefined;
    const now = nowIso();
    const changes = {
      ...(newTitle ? { title: newTitle } : {}),
      ...(newBody !== undefined ? { body: newBody, ...this.render(newBody) } : {}),
    };
    const updated = await this.ctx.outbox.transaction(async (trx, emit) => {
      // The version being replaced is kept, so edits can be reviewed and undone. It is read
      // after taking the row's lock: of two racing edits, each keeps the version it replaced.
      const current = await lockPost(trx, id);
      if (!current || current.status === 'deleted') return false;
      const oldTags = (await tagsOfPosts(trx, [id])).get(id) ?? [];
      await trx.insertInto('post_revisions').values({
        id: newId(), post_id: id, editor_id: actor.userId, title: current.title, body: current.body, tags: JSON.stringify(oldTags), created_at: now,
      }).execute();
      await trx.updateTable('posts').set({ ...changes, updated_at: now, edited_at: now }).where('id', '=', id).execute();
      if (tags !== undefined) await replacePostTags(trx, id, tags, current.status === 'published');
      // An edit sent to review leaves the public until a moderator approves it.
      if (check.action === 'review') await setContentStatus(trx, 'post', id, 'pending');
      await recordActivity(trx, { actorId: actor.userId, verb: 'content.post.updated', subjectType: 'post', subjectId: id });
      await check.saveAll(trx, id);
      emit('content.post.updated', { postId: id, authorId: row.author_id, editorId: actor.userId });
      return true;
    });
    if (!updated) return fail('notFound', 'content.postNotFound');
    await check.afterSaveAll(id);
    const fresh = await this.ctx.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return ok(await this.present(actor, fresh));
  }

  async remove(actor: Actor, id: string): Promise<Result<null>> {
    const found = await this.loadVisible(actor, id);
    if (!found.ok) return found;
    const row = found.value;
    if (!canEdit(actor, row)) return fail('forbidden', 'content.notAuthor');
    const now = nowIso();
    const removed = await this.ctx.outbox.transaction(async (trx, emit) => {
      // Conditional on the status we read: of two racing deletes only one adjusts the counts.
      const result = await trx.updateTable('posts').set({ status: 'deleted', deleted_at: now, updated_at: now })
        .where('id', '=', id).where('status', '=', row.status).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (row.status === 'published') {
        await trx.updateTable('categories').set((eb) => ({ post_count: eb('post_count', '-', 1) })).where('id', '=', row.category_id).execute();
        const tagIds = await trx.selectFrom('post_tags').select('tag_id').where('post_id', '=', id).execute();
        await adjustTagCounts(trx, tagIds.map((t) => t.tag_id), -1);
      }
      await recordActivity(trx, { actorId: actor.userId, verb: 'content.post.deleted', subjectType: 'post', subjectId: id });
      emit('content.post.deleted', { postId: id, authorId: row.author_id, deletedBy: actor.userId });
      return true;
    });
    if (!removed) return fail('notFound', 'content.postNotFound');
    return ok(null);
  }
}
