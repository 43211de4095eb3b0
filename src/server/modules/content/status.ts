/**
 * Moving a post or comment between published, pending, hidden and deleted while keeping the
 * counters right: category and tag post counts and a post's comment count include published
 * items only, so every move in or out of 'published' adjusts them in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { countComment } from './posts.ts';
import type { ContentStatus } from './tables.ts';
import { adjustTagCounts } from './tags.ts';

export interface StatusChange {
  targetType: 'post' | 'comment';
  targetId: string;
  authorId: string;
  from: ContentStatus;
  to: ContentStatus;
  /** The text as stored, for whoever decides about it. */
  text: string;
}

/** Changes the status inside the caller's transaction; null when there is no such item or
 * it is deleted (deleted content never comes back). */
export async function setContentStatus(
  trx: Kysely<Database>, targetType: 'post' | 'comment', targetId: string, to: ContentStatus,
): Promise<StatusChange | null> {
  const now = nowIso();
  if (targetType === 'post') {
    const row = await trx.selectFrom('posts').select(['id', 'status', 'author_id', 'category_id', 'title', 'body'])
      .where('id', '=', targetId).executeTakeFirst();
    if (!row || row.status === 'deleted') return null;
    const change = { targetType, targetId, authorId: row.author_id, from: row.status, to, text: `${row.title}\n${row.body}` };
    if (row.status === to) return change;
    // Conditional on the status read, so two racing moves adjust the counts once.
    const updated = await trx.updateTable('posts')
      .set({ status: to, updated_at: now, ...(to === 'deleted' ? { deleted_at: now } : {}) })
      .where('id', '=', targetId).where('status', '=', row.status).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return null;
    const delta = (to === 'published' ? 1 : 0) - (row.status === 'published' ? 1 : 0);
    if (delta !== 0) {
      await trx.updateTable('categories').set((eb) => ({ post_count: eb('post_count', '+', delta) })).where('id', '=', row.category_id).execute();
      const tagIds = await trx.selectFrom('post_tags').select('tag_id').where('post_id', '=', targetId).execute();
      await adjustTagCounts(trx, tagIds.map((t) => t.tag_id), delta);
    }
    return change;
  }
  const row = await trx.selectFrom('comments').select(['id', 'status', 'author_id', 'post_id', 'body'])
    .where('id', '=', targetId).executeTakeFirst();
  if (!row || row.status === 'deleted') return null;
  const change = { targetType, targetId, authorId: row.author_id, from: row.status, to, text: row.body };
  if (row.status === to) return change;
  const updated = await trx.updateTable('comments')
    .set({ status: to, updated_at: now, ...(to === 'deleted' ? { deleted_at: now } : {}) })
    .where('id', '=', targetId).where('status', '=', row.status).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return null;
  const delta = (to === 'published' ? 1 : 0) - (row.status === 'published' ? 1 : 0);
  if (delta !== 0) {
    await countComment(trx, row.post_id, delta);
  }
  return change;
}
