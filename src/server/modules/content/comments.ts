import type { Selectable } from 'kysely';
import { recordActivity } from '../../platform/activity/index.ts';
import { newId, nowIso } from '../../platform/db/index.ts';
import { decodeCursor, fail, invalidField, ok, splitPage, type Actor, type Result } from '../../platform/http/index.ts';
import { excerptOf, renderMarkdown } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { TextChecks } from './checks.ts';
import { canEdit, canSee } from './policy.ts';
import type { CommentCounts } from './counters.ts';
import { countComment, type PostService } from './posts.ts';
import { presentComment } from './presenter.ts';
import type { Comment } from './schema.ts';
import { setContentStatus } from './status.ts';
import type { CommentsTable } from './tables.ts';

type CommentRow = Selectable<CommentsTable>;

export class CommentService {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly accounts: AccountsService,
    private readonly posts: PostService,
    private readonly counts: CommentCounts,
    readonly checks: TextChecks = new TextChecks(),
  ) {}

  private renderBody(body: string): string {
    return renderMarkdown(body, { siteOrigin: new URL(this.ctx.config.baseUrl).origin });
  }

  /** A comment the actor may see, on a post the actor may see; 404 otherwise. */
  async loadVisible(actor: Actor | null, id: string): Promise<Result<CommentRow>> {
    const row = await this.ctx.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(actor, row)) return fail('notFound', 'content.commentNotFound');
    const post = await this.posts.loadAccess(actor, row.post_id);
    if (!post.ok) return fail('notFound', 'content.commentNotFound');
    return ok(row);
  }

  /** `fresh`: comments just written, which nobody can have liked yet. */
  private async present(actor: Actor | null, rows: CommentRow[], fresh = false): Promise<Comment[]> {
    const ids = rows.map((r) => r.id);
    const [authors, liked] = await Promise.all([
      this.accounts.summaries(rows.map((r) => r.author_id)),
      actor && ids.length && !fresh
        ? this.ctx.db.selectFrom('likes').select('target_id')
          .where('target_type', '=', 'comment').where('user_id', '=', actor.userId).where('target_id', 'in', ids).execute()
        : [],
    ]);
    const likedIds = new Set(liked.map((l) => l.target_id));
    return rows.map((r) => presentComment(r, authors.get(r.author_id), likedIds.has(r.id), canEdit(actor, r)));
  }

  /** What a member has written lately, newest first, for their profile: only comments anyone
   * may see, under posts anyone may see. */
  async byAuthor(username: string, limit: number, cursor: string | undefined) {
    const author = await this.accounts.findByUsername(username);
    if (!author || author.status !== 'active') return fail('notFound', 'accounts.userNotFound');
    const before = decodeCursor(cursor, ['string']);
    let q = this.ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
      .select(['comments.id', 'comments.post_id', 'comments.body', 'comments.like_count', 'comments.created_at', 'posts.title'])
      .where('comments.author_id', '=', author.id).where('comments.status', '=', 'published').where('posts.status', '=', 'published');
    if (before) q = q.where('comments.id', '<', before[0]);
    const rows = await q.orderBy('comments.id', 'desc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.id]);
    return ok({
      items: pageRows.map((r) => ({
        id: r.id, postId: r.post_id, postTitle: r.title, excerpt: excerptOf(r.body, 140), likeCount: r.like_count, createdAt: r.created_at,
      })),
      nextCursor,
    });
  }

  async list(actor: Actor | null, postId: string, limit: number, cursor: string | undefined) {
    const post = await this.posts.loadAccess(actor, postId);
    if (!post.ok) return post;
    const after = decodeCursor(cursor, ['string']);
    let q = this.ctx.db.selectFrom('comments').selectAll().where('post_id', '=', postId).where('status', '=', 'published');
    if (after) q = q.where('id', '>', after[0]);
    const rows = await q.orderBy('id', 'asc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.id]);
    return ok({ items: await this.present(actor, pageRows), nextCursor });
  }

  async create(actor: Actor, postId: string, input: { body: string; parentId?: string | null }): Promise<Result<Comment>> {
    const post = await this.posts.loadAccess(actor, postId);
    if (!post.ok) return post;
    if (post.value.status !== 'published') return fail('notFound', 'content.postNotFound');
    if (!input.body.trim()) return invalidField('body', 'content.emptyText');
    let parentAuthorId: string | null = null;
    if (input.parentId) {
      const parent = await this.ctx.db.selectFrom('comments').select(['id', 'post_id', 'author_id', 'status'])
        .where('id', '=', input.parentId).executeTakeFirst();
      if (!parent || parent.post_id !== postId || parent.status !== 'published') return invalidField('parentId', 'content.parentNotFound');
      parentAuthorId = parent.author_id;
    }
    const check = await this.checks.run({ kind: 'comment', authorId: actor.userId, authorRole: actor.role, fields: { body: input.body } });
    if (check.action === 'block') return fail('unprocessable', check.message?.key ?? 'problem.unprocessable', check.message?.params);
    const body = check.fields.body ?? input.body;
    const published = check.action !== 'review';
    const now = nowIso();
    const row: CommentRow = {
      id: newId(),
      post_id: postId,
      parent_id: input.parentId ?? null,
      author_id: actor.userId,
      body,
      body_html: this.renderBody(body),
      status: published ? 'published' : 'pending',
      like_count: 0,
      created_at: now,
      updated_at: now,
      edited_at: null,
      deleted_at: null,
    };
    await this.ctx.outbox.transaction(async (trx, emit) => {
      await trx.insertInto('comments').values(row).execute();
      await recordActivity(trx, { actorId: actor.userId, verb: 'content.comment.created', subjectType: 'comment', subjectId: row.id, data: { postId } });
      await check.saveAll(trx, row.id);
      if (published) await this.counts.record(trx, postId, 1);
      emit('content.comment.created', {
        commentId: row.id, postId, authorId: actor.userId, postAuthorId: post.value.author_id, parentId: row.parent_id, parentAuthorId,
      });
    });
    // The comment is stored: a count that fails to move now moves with the next fold.
    if (published) await this.counts.settle().catch((err: unknown) => this.ctx.log.warn({ err }, 'comment count fold failed'));
    await check.afterSaveAll(row.id);
    const [comment] = await this.present(actor, [row], true);
    return ok(comment!);
  }

  async update(actor: Actor, id: string, body: string): Promise<Result<Comment>> {
    const found = await this.loadVisible(actor, id);
    if (!found.ok) return found;
    const row = found.value;
    if (!canEdit(actor, row)) return fail('forbidden', 'content.notAuthor');
    if (!body.trim()) return invalidField('body', 'content.emptyText');
    const check = await this.checks.run({ kind: 'comment', authorId: row.author_id, targetId: id, fields: { body } });
    if (check.action === 'block') return fail('unprocessable', check.message?.key ?? 'problem.unprocessable', check.message?.params);
    const checkedBody = check.fields.body ?? body;
    const now = nowIso();
    const updated = await this.ctx.outbox.transaction(async (trx, emit) => {
      // Lock the row before reading the body being replaced, so racing edits each keep theirs.
      await trx.updateTable('comments').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).execute();
      const current = await trx.selectFrom('comments').select(['body', 'status']).where('id', '=', id).executeTakeFirst();
      if (!current || current.status === 'deleted') return false;
      await trx.insertInto('comment_revisions').values({ id: newId(), comment_id: id, editor_id: actor.userId, body: current.body, created_at: now }).execute();
      await trx.updateTable('comments').set({ body: checkedBody, body_html: this.renderBody(checkedBody), updated_at: now, edited_at: now }).where('id', '=', id).execute();
      if (check.action === 'review') await setContentStatus(trx, 'comment', id, 'pending');
      await recordActivity(trx, { actorId: actor.userId, verb: 'content.comment.updated', subjectType: 'comment', subjectId: id });
      await check.saveAll(trx, id);
      emit('content.comment.updated', { commentId: id, postId: row.post_id, authorId: row.author_id, editorId: actor.userId });
      return true;
    });
    if (!updated) return fail('notFound', 'content.commentNotFound');
    await check.afterSaveAll(id);
    const fresh = await this.ctx.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const [comment] = await this.present(actor, [fresh]);
    return ok(comment!);
  }

  async remove(actor: Actor, id: string): Promise<Result<null>> {
    const found = await this.loadVisible(actor, id);
    if (!found.ok) return found;
    const row = found.value;
    if (!canEdit(actor, row)) return fail('forbidden', 'content.notAuthor');
    const now = nowIso();
    const removed = await this.ctx.outbox.transaction(async (trx, emit) => {
      const result = await trx.updateTable('comments').set({ status: 'deleted', deleted_at: now, updated_at: now })
        .where('id', '=', id).where('status', '=', row.status).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (row.status === 'published') {
        await countComment(trx, row.post_id, -1);
      }
      await recordActivity(trx, { actorId: actor.userId, verb: 'content.comment.deleted', subjectType: 'comment', subjectId: id });
      emit('content.comment.deleted', { commentId: id, postId: row.post_id, authorId: row.author_id, deletedBy: actor.userId });
      return true;
    });
    if (!removed) return fail('notFound', 'content.commentNotFound');
    return ok(null);
  }
}
