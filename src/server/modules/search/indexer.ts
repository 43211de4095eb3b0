import { sql, type RawBuilder } from 'kysely';
import { markdownToText } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { IndexDoc, SearchStore, Segmenter } from '../../platform/search/index.ts';
import type { SearchType } from './schema.ts';
import type { CustomWords } from './words.ts';

/**
 * Keeps the index in step with posts, comments and members. Each handler re-reads the item,
 * so the index holds its current text whatever order events arrive in. Items are indexed
 * whatever their status, except deleted ones: whether a hit may be shown is decided at query
 * time (see visibleSql), so an item approved or hidden later needs no event of ours.
 */
export class Indexer {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly ctx: ModuleContext, private readonly words: CustomWords, private readonly store: SearchStore) {}

  subscribe(): void {
    const { bus } = this.ctx;
    for (const name of ['content.post.created', 'content.post.updated', 'content.post.deleted'] as const) {
      bus.subscribe(name, ({ postId }) => this.refresh('post', postId));
    }
    for (const name of ['content.comment.created', 'content.comment.updated', 'content.comment.deleted'] as const) {
      bus.subscribe(name, ({ commentId }) => this.refresh('comment', commentId));
    }
    bus.subscribe('accounts.user.registered', ({ userId }) => this.refresh('user', userId));
  }

  /**
   * One item at a time: two events for the same item never interleave their read and write,
   * so an older read cannot overwrite a newer one.
   */
  refresh(type: SearchType, id: string): Promise<void> {
    const key = `${type}:${id}`;
    const run = (this.chains.get(key) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      const segmenter = await this.words.ready();
      const [doc] = await loadDocs(this.ctx, segmenter, type, [id]);
      if (doc) await this.store.upsert([doc]);
      else await this.store.remove(type, id);
    });
    this.chains.set(key, run);
    void run.finally(() => {
      if (this.chains.get(key) === run) this.chains.delete(key);
    }).catch(() => undefined);
    return run;
  }
}

/** Index documents for the given items that exist and are not deleted, in the order asked. */
export async function loadDocs(ctx: ModuleContext, segmenter: Segmenter, type: SearchType, ids: string[]): Promise<IndexDoc[]> {
  if (ids.length === 0) return [];
  const docs = new Map<string, IndexDoc>();
  const doc = (refId: string, title: string, body: string): IndexDoc => ({
    type, refId, titleTokens: segmenter.indexText(title), bodyTokens: segmenter.indexText(body),
  });
  if (type === 'post') {
    const rows = await ctx.db.selectFrom('posts').select(['id', 'title', 'body'])
      .where('id', 'in', ids).where('status', '<>', 'deleted').execute();
    for (const r of rows) docs.set(r.id, doc(r.id, r.title, markdownToText(r.body)));
  } else if (type === 'comment') {
    const rows = await ctx.db.selectFrom('comments').select(['id', 'body'])
      .where('id', 'in', ids).where('status', '<>', 'deleted').execute();
    for (const r of rows) docs.set(r.id, doc(r.id, '', markdownToText(r.body)));
  } else {
    const rows = await ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'bio'])
      .where('id', 'in', ids).execute();
    for (const r of rows) docs.set(r.id, doc(r.id, `${r.username} ${r.display_name}`, r.bio));
  }
  return ids.flatMap((id) => docs.get(id) ?? []);
}

/** Whether a hit (`d`) may be shown to anyone: published content under a published post, active members. */
export const visibleSql = sql`
  (d.type = 'post' and exists (select 1 from posts p where p.id = d.ref_id and p.status = 'published'))
  or (d.type = 'comment' and exists (
    select 1 from comments c join posts p on p.id = c.post_id
    where c.id = d.ref_id and c.status = 'published' and p.status = 'published'))
  or (d.type = 'user' and exists (select 1 from users u where u.id = d.ref_id and u.status = 'active'))`;

export interface ReindexCounts {
  post: number;
  comment: number;
  user: number;
}

/**
 * Rebuilds the whole index from posts, comments and members, oldest first (ids are
 * time-ordered), so the index order matches creation order again. Searches see a partial
 * index while it runs.
 */
export async function rebuildIndex(
  ctx: ModuleContext, words: CustomWords, store: SearchStore, options: { batchSize?: number } = {},
): Promise<ReindexCounts> {
  const batchSize = options.batchSize ?? 500;
  const segmenter = await words.ready();
  const counts: ReindexCounts = { post: 0, comment: 0, user: 0 };
  await store.clear();
  let after: { id: string; type: string } | null = null;
  for (;;) {
    const cursor: RawBuilder<unknown> = after
      ? sql`where x.id > ${after.id} or (x.id = ${after.id} and x.type > ${after.type})`
      : sql``;
    const { rows }: { rows: { id: string; type: SearchType }[] } = await sql<{ id: string; type: SearchType }>`
      select x.id, x.type from (
        select id, 'post' as type from posts where status <> 'deleted'
        union all select id, 'comment' as type from comments where status <> 'deleted'
        union all select id, 'user' as type from users
      ) x ${cursor}
      order by x.id, x.type
      limit ${batchSize}`.execute(ctx.db);
    if (rows.length === 0) break;
    const loaded = new Map<string, IndexDoc>();
    for (const type of ['post', 'comment', 'user'] as const) {
      for (const d of await loadDocs(ctx, segmenter, type, rows.filter((r) => r.type === type).map((r) => r.id))) {
        loaded.set(`${type}:${d.refId}`, d);
      }
    }
    const docs = rows.flatMap((r) => loaded.get(`${r.type}:${r.id}`) ?? []);
    await store.upsert(docs);
    for (const d of docs) counts[d.type as SearchType] += 1;
    const last = rows[rows.length - 1]!;
    after = { id: last.id, type: last.type };
  }
  await store.optimize();
  return counts;
}
