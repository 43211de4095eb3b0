import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/db/index.ts';
import { fail, type Failure } from '../../platform/http/index.ts';
import { MAX_TAGS } from './schema.ts';

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}_.+#-]{0,31}$/u;

/** A tag as written, in the form it is stored and compared: NFKC, trimmed, no leading #. */
export function cleanTag(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/^#+/, '');
}

/** Normalises tags (NFKC, no leading #, trimmed, de-duplicated ignoring case). */
export function normalizeTags(input: string[] | undefined): string[] | Failure {
  const out = new Map<string, string>();
  for (const raw of input ?? []) {
    const tag = cleanTag(raw);
    if (!TAG.test(tag)) return fail('invalid', 'error.validation', undefined, { errors: [{ field: 'tags', key: 'content.tagRule' }] });
    if (!out.has(tag.toLowerCase())) out.set(tag.toLowerCase(), tag);
  }
  if (out.size > MAX_TAGS) {
    return fail('invalid', 'error.validation', undefined, { errors: [{ field: 'tags', key: 'content.tooManyTags', params: { limit: MAX_TAGS } }] });
  }
  return [...out.values()];
}

/** Replaces a post's tags inside the caller's transaction, keeping tag post counts right.
 * `counted` says whether the post counts toward tag totals (it does while published). */
export async function replacePostTags(trx: Kysely<Database>, postId: string, tags: string[], counted: boolean): Promise<void> {
  const current = await trx.selectFrom('post_tags').innerJoin('tags', 'tags.id', 'post_tags.tag_id')
    .select(['tags.id', 'tags.slug']).where('post_tags.post_id', '=', postId).execute();
  const wanted = new Map(tags.map((t) => [t.toLowerCase(), t]));
  const removed = current.filter((c) => !wanted.has(c.slug));
  if (removed.length > 0) {
    await trx.deleteFrom('post_tags').where('post_id', '=', postId).where('tag_id', 'in', removed.map((r) => r.id)).execute();
    if (counted) await adjustTagCounts(trx, removed.map((r) => r.id), -1);
  }
  const existingSlugs = new Set(current.map((c) => c.slug));
  const added = [...wanted].filter(([slug]) => !existingSlugs.has(slug));
  if (added.length === 0) return;
  for (const [slug, name] of added) {
    await trx.insertInto('tags').values({ id: newId(), name, slug, post_count: 0, created_at: nowIso() })
      .onConflict((oc) => oc.column('slug').doNothing()).execute();
  }
  const ids = await trx.selectFrom('tags').select('id').where('slug', 'in', added.map(([slug]) => slug)).execute();
  await trx.insertInto('post_tags').values(ids.map((t) => ({ post_id: postId, tag_id: t.id }))).execute();
  if (counted) await adjustTagCounts(trx, ids.map((t) => t.id), 1);
}

export async function adjustTagCounts(trx: Kysely<Database>, tagIds: string[], delta: number): Promise<void> {
  if (tagIds.length === 0) return;
  await trx.updateTable('tags').set((eb) => ({ post_count: eb('post_count', '+', delta) })).where('id', 'in', tagIds).execute();
}

export async function tagsOfPosts(db: Kysely<Database>, postIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(postIds.map((id) => [id, []]));
  if (postIds.length === 0) return map;
  const rows = await db.selectFrom('post_tags').innerJoin('tags', 'tags.id', 'post_tags.tag_id')
    .select(['post_tags.post_id', 'tags.name']).where('post_tags.post_id', 'in', postIds).execute();
  // Sorted here rather than by the database, whose collation would order them differently on
  // SQLite and on PostgreSQL.
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const r of rows) map.get(r.post_id)?.push(r.name);
  return map;
}
