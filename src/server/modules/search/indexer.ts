import { deferred } from '../../platform/async/index.ts';
import { markdownToText } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { Tokenizer, type DocRef, type IndexDoc, type RawItem, type SearchStore, type Segmenter } from '../../platform/search/index.ts';
import type { SearchType } from './schema.ts';
import type { CustomWords } from './words.ts';

/**
 * Keeps the index in step with posts, comments and members. Items are indexed whatever their
 * status, except deleted ones: whether a hit may be shown is decided at query time (see
 * SearchService.show), so an item approved or hidden later needs no event of ours.
 *
 * Changes are gathered and written in batches, one transaction each: SQLite's FTS5 writes
 * its pending terms out at every transaction or savepoint boundary, so indexing comment by
 * comment under load would cost a segment write per comment. Batches run one after another
 * and each re-reads its items when it runs, so the index ends with every item's newest text
 * whatever order events arrive in. An event's handler settles when its batch is written.
 *
 * Under a steady stream of changes a batch starts at most every BATCH_GAP_MS: each batch is a
 * new segment in every FTS5 table it writes, and at 1,100 comments a second batches as fast as
 * they could go (about 24 a second) left hundreds of small segments that the background merge
 * could not keep up with, each making every search slower. A change after a quiet spell is
 * written at once.
 */
export class Indexer {
  private next: Batch | null = null;
  private running = false;
  /** When the last batch started (performance.now()). */
  private lastStart = Number.NEGATIVE_INFINITY;

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
    bus.subscribe('accounts.profile.updated', ({ userId }) => this.refresh('user', userId));
  }

  refresh(type: SearchType, id: string): Promise<void> {
    const batch = (this.next ??= new Batch());
    batch.ids[type].add(id);
    if (!this.running) this.startSoon();
    return batch.settled.promise;
  }

  private startSoon(): void {
    this.running = true;
    // Events published in this turn of the event loop join the batch.
    setImmediate(() => void this.runBatches());
  }

  private async runBatches(): Promise<void> {
    while (this.next) {
      const wait = this.lastStart + BATCH_GAP_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = this.next;
      this.next = null;
      this.lastStart = performance.now();
      try {
        await this.write(batch.ids);
        batch.settled.resolve();
      } catch (err) {
        // One bad item must not keep the others out of the index: write them one by one. The
        // batch's events still fail, so the outbox delivers them again (writing is idempotent).
        await this.writeEachAlone(batch);
        batch.settled.reject(err);
      }
    }
    this.running = false;
  }

  private async writeEachAlone(batch: Batch): Promise<void> {
    for (const type of ['post', 'comment', 'user'] as const) {
      for (const id of batch.ids[type]) {
        await this.write({ ...noIds(), [type]: new Set([id]) }).catch(() => undefined);
      }
    }
  }

  private async write(ids: ItemIds): Promise<void> {
    const segmenter = await this.words.ready();
    const upserts: IndexDoc[] = [];
    const removals: DocRef[] = [];
    for (const type of ['post', 'comment', 'user'] as const) {
      const all = [...ids[type]];
      for (let i = 0; i < all.length; i += LOAD_CHUNK) {
        const chunk = all.slice(i, i + LOAD_CHUNK);
        const docs = await loadDocs(this.ctx, segmenter, type, chunk);
        const found = new Set(docs.map((d) => d.refId));
        upserts.push(...docs);
        for (const refId of chunk) if (!found.has(refId)) removals.push({ type, refId });
      }
    }
    await this.store.apply(upserts, removals);
  }
}

/** The least time between the starts of two batches (see Indexer). */
const BATCH_GAP_MS = 200;

/** Ids per query when a batch loads its items (well under every database's parameter limit). */
const LOAD_CHUNK = 500;

type ItemIds = Record<SearchType, Set<string>>;
const noIds = (): ItemIds => ({ post: new Set(), comment: new Set(), user: new Set() });

class Batch {
  readonly ids = noIds();
  readonly settled = deferred();
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

export interface ReindexCounts {
  post: number;
  comment: number;
  user: number;
}

export interface RebuildOptions {
  batchSize?: number;
  /** Told how many more items were indexed, after each batch (for a progress bar). */
  onProgress?: (indexed: number) => void;
  /** Stops between batches (a server shutting down). */
  signal?: AbortSignal;
  /** Nobody searches until the rebuild ends (see ClearOptions). */
  offline?: boolean;
}

/** One item's text as the rebuild reads it, straight from its table in id order. */
interface SourceRow {
  id: string;
  title: string;
  body: string;
}

/**
 * Reads one table in id order, a page at a time, with the text the index needs — one range scan
 * per page, where a UNION of the three tables sorted by id re-read every row a second time.
 */
class TableCursor {
  private rows: SourceRow[] = [];
  /** The next row of the page to hand out (taking from the front of a page by index, not shift()). */
  private at = 0;
  private after = '';
  private exhausted = false;

  constructor(
    readonly type: SearchType, readonly markdown: boolean,
    private readonly load: (after: string) => Promise<SourceRow[]>, private readonly pageSize: number,
  ) {}

  async head(): Promise<SourceRow | undefined> {
    if (this.at === this.rows.length && !this.exhausted) {
      this.rows = await this.load(this.after);
      this.at = 0;
      if (this.rows.length < this.pageSize) this.exhausted = true;
      if (this.rows.length > 0) this.after = this.rows[this.rows.length - 1]!.id;
    }
    return this.rows[this.at];
  }

  take(): SourceRow {
    return this.rows[this.at++]!;
  }
}

/**
 * Rebuilds the whole index from posts, comments and members, oldest first (ids are
 * time-ordered, and the three tables are merged by id), so the index order matches creation
 * order again. Searches see a partial index while it runs. A worker thread tokenises each
 * batch while the previous one is written.
 */
export async function rebuildIndex(
  ctx: ModuleContext, words: CustomWords, store: SearchStore, options: RebuildOptions = {},
): Promise<ReindexCounts> {
  const batchSize = options.batchSize ?? 500;
  const counts: ReindexCounts = { post: 0, comment: 0, user: 0 };
  const tokenizer = await Tokenizer.start((await words.ready()).words);
  try {
    await store.clear(await indexableItems(ctx), { offline: options.offline });
    const next = batchReader(ctx, batchSize);
    let tokenizing: Promise<IndexDoc[]> | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const items = await next();
      const following = items.length > 0 ? tokenizer.tokenize(items) : null;
      if (tokenizing) {
        const docs = await tokenizing;
        await store.appendFresh(docs);
        for (const d of docs) counts[d.type as SearchType] += 1;
        options.onProgress?.(docs.length);
      }
      if (!following) break;
      tokenizing = following;
    }
  } finally {
    await tokenizer.close();
  }
  await store.optimize();
  return counts;
}

/**
 * Fills the store's recent index down to its size when it holds fewer items than that (it
 * starts empty after the migration that created it), newest first, a chunk at a time: each
 * chunk's text is read, tokenised and written at once, so an edit can only slip between the
 * read and the write of one small chunk. Returns how many items it added.
 */
export async function fillRecentIndex(ctx: ModuleContext, words: CustomWords, store: SearchStore, signal?: AbortSignal): Promise<number> {
  const gap = await store.recentGap();
  if (!gap) return 0;
  const segmenter = await words.ready();
  let added = 0;
  for (let end = gap.items.length; end > 0; end -= LOAD_CHUNK) {
    signal?.throwIfAborted();
    const chunk = gap.items.slice(Math.max(0, end - LOAD_CHUNK), end);
    const ridOf = new Map(chunk.map((item) => [`${item.type}:${item.refId}`, item.rid]));
    const docs: { rid: number; doc: IndexDoc }[] = [];
    for (const type of ['post', 'comment', 'user'] as const) {
      const ids = chunk.filter((item) => item.type === type).map((item) => item.refId);
      for (const doc of await loadDocs(ctx, segmenter, type, ids)) docs.push({ rid: ridOf.get(`${type}:${doc.refId}`)!, doc });
    }
    await store.extendRecent(end === chunk.length ? gap.floor : chunk[0]!.rid, docs);
    added += docs.length;
    // Requests go on between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return added;
}

/** How many items a rebuild will index (the store keeps its newest ones apart). */
async function indexableItems(ctx: ModuleContext): Promise<number> {
  const { db } = ctx;
  const count = async (table: 'posts' | 'comments' | 'users', live: boolean) => {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (live) q = q.where('status', '<>', 'deleted');
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return (await count('posts', true)) + (await count('comments', true)) + (await count('users', false));
}

/** A function that returns the next batch of items, merged from the three tables by id. */
function batchReader(ctx: ModuleContext, batchSize: number): () => Promise<RawItem[]> {
  const { db } = ctx;
  const cursors = [
    new TableCursor('comment', true, async (after) => (await db.selectFrom('comments').select(['id', 'body'])
      .where('status', '<>', 'deleted').where('id', '>', after).orderBy('id').limit(batchSize).execute())
      .map((r) => ({ id: r.id, title: '', body: r.body })), batchSize),
    new TableCursor('post', true, (after) => db.selectFrom('posts').select(['id', 'title', 'body'])
      .where('status', '<>', 'deleted').where('id', '>', after).orderBy('id').limit(batchSize).execute(), batchSize),
    new TableCursor('user', false, async (after) => (await db.selectFrom('users').select(['id', 'username', 'display_name', 'bio'])
      .where('id', '>', after).orderBy('id').limit(batchSize).execute())
      .map((r) => ({ id: r.id, title: `${r.username} ${r.display_name}`, body: r.bio })), batchSize),
  ];
  return async () => {
    const items: RawItem[] = [];
    while (items.length < batchSize) {
      let next: TableCursor | undefined;
      let nextId = '';
      for (const cursor of cursors) {
        const head = await cursor.head();
        if (head && (!next || head.id < nextId)) {
          next = cursor;
          nextId = head.id;
        }
      }
      if (!next) break;
      const row = next.take();
      items.push({ type: next.type, refId: row.id, title: row.title, body: row.body, markdown: next.markdown });
    }
    return items;
  };
}
