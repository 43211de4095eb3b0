import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Db, ReadStatement } from '../../platform/db/index.ts';
import { indexGeneration, type SnippetSource } from '../../platform/search/index.ts';

/**
 * What a result shows of an item, as loaded from its table (see results.ts). One flat object
 * with no closures: a worker keeps tens of thousands, and every object it keeps is one more
 * for each full garbage collection to mark.
 */
export interface ShownItem {
  type: 'post' | 'comment' | 'user';
  id: string;
  /** Its rid in the search index (see ShownCache.byRid). */
  rid: number;
  title: string;
  /** The post a comment belongs to: its title is shown, and hiding it hides the comment. */
  postId?: string;
  /** A member's username, which their page is named by. */
  username?: string;
  /** The text as stored, until the snippet text is worked out from it (then ''). */
  raw: string;
  /** Whether raw is Markdown, to be read as plain text. */
  markdown: boolean;
  /** The plain text snippets are cut from: worked out when first needed. */
  source: SnippetSource | null;
  /** About what the item holds in memory, in characters. */
  size: number;
  /** The cache's epoch when the item was loaded (see ShownCache.keep). */
  loadedAt?: number;
}

/**
 * On a read worker, the items its searches have shown, kept so that the next search showing
 * them reads only the index: loading the rows a page shows (and their text) was two thirds
 * of a search's database time, and searches show the newest matches, so the same few
 * thousand items come back again and again (94% of the items shown by 10,000 random queries
 * on the small preset had been shown before).
 *
 * Kept exact by the change log that triggers write in the transaction of every change to
 * what a result shows (migration search_shown_changes): before each search the worker reads
 * the log past the last entry it saw and drops the items it names. A change to a post also
 * makes its comments stale (they show its title, and hiding it hides them): the post's epoch
 * is noted, and a comment loaded before it is dropped when next asked for. A gap in the log
 * (trimmed past what this worker saw) drops everything. Only visible items are kept; a new
 * or newly visible item is loaded, not found.
 *
 * Items are keyed by id alone (ids are ULIDs, unique across tables) and hold as little as
 * they can: the more items fit, the fewer searches load any (at the large preset, 8 million
 * characters as items were first kept held about 15,000 items, 930 bytes each, and a search
 * loaded items a third of the time; half as many again fit the same memory now).
 *
 * On lru-cache, which keeps its order in typed arrays: reading an entry moves nothing on the
 * heap. A Map reordered on every read (the platform's response cache) had its table rebuilt
 * every few thousand reads, and the worker's full collections every 1-2 s under a search
 * load were most of search's slowest answers.
 */
export class ShownCache {
  private readonly items: LRUCache<string, ShownItem>;
  /** The same items by rid, so that the index need not say what a rid is (see byRid). */
  private readonly byRids = new Map<number, ShownItem>();
  /** The epoch at which each post changed, for the comments kept from before (see get). */
  private readonly postChangedAt = new Map<string, number>();
  /** Moves on every change applied (see epoch). */
  private changes = 0;
  /** The last change applied; null until the first search reads where the log stands. */
  private seen: number | null = null;
  private dataVersion: number | undefined;
  /** The search index's rebuilds as last seen (see indexGeneration). */
  private generation: number | undefined;

  constructor(maxChars = MAX_CHARS) {
    this.items = new LRUCache<string, ShownItem>({
      maxSize: maxChars,
      sizeCalculation: (item) => item.size,
      // Evicted, dropped or replaced: gone from the rid index too.
      dispose: (item) => {
        if (this.byRids.get(item.rid) === item) this.byRids.delete(item.rid);
      },
    });
  }

  /**
   * Drops what changed since the last call. Call before a search reads anything. `read` runs
   * one statement on the reader's own connection (a worker's hot reads skip Kysely).
   */
  async catchUp(read: ReadStatement): Promise<void> {
    // SQLite counts the commits of other connections: none since the last call, no changes.
    const [version] = await read<{ data_version: number }>('pragma data_version', []);
    if (version?.data_version === this.dataVersion) return;
    this.dataVersion = version?.data_version;
    // A rebuilt index gives its rids to other items, and changes nothing the log would name.
    const generation = await indexGeneration(read);
    if (this.generation !== undefined && generation !== this.generation) this.clear();
    this.generation = generation;
    if (this.seen === null) {
      this.seen = await lastChange(read);
      return;
    }
    const rows = await read<{ seq: number; type: string; ref_id: string }>(
      'select seq, type, ref_id from search_shown_changes where seq > ? order by seq limit ?', [this.seen, CATCH_UP_ROWS]);
    if (rows.length === 0) return;
    if (rows[0]!.seq !== this.seen + 1 || rows.length === CATCH_UP_ROWS) {
      this.clear();
      this.seen = await lastChange(read);
      return;
    }
    this.forget(rows);
    this.seen = rows[rows.length - 1]!.seq;
  }

  /** Drops the items these changes name, and (see get) a post's comments with the post. */
  forget(changes: readonly { type: string; ref_id: string }[]): void {
    if (changes.length === 0) return;
    this.changes += 1;
    for (const change of changes) {
      this.items.delete(change.ref_id);
      if (change.type === 'post') this.postChangedAt.set(change.ref_id, this.changes);
    }
    // Posts rarely change (an edit, a moderator's decision): past this many, start over.
    if (this.postChangedAt.size > CHANGED_POSTS_NOTED) this.clear();
  }

  /** Drops everything: for a reader that can no longer tell what changed. */
  clear(): void {
    this.changes += 1;
    this.items.clear();
    this.byRids.clear();
    this.postChangedAt.clear();
  }

  get(id: string): ShownItem | undefined {
    const item = this.items.get(id);
    if (!item || !this.staleComment(item)) return item;
    this.items.delete(id);
    return undefined;
  }

  /**
   * The item kept for this rid, if any (as get). A rid names one item for good while the item
   * is indexed; a rid freed by a removal may be given to a new item, but the removed item's
   * change was logged first, and caught up with before any search reads the index.
   */
  byRid(rid: number): ShownItem | undefined {
    const item = this.byRids.get(rid);
    return item && this.get(item.id);
  }

  /** A comment loaded before its post last changed (see forget). */
  private staleComment(item: ShownItem): boolean {
    if (item.postId === undefined) return false;
    const postChanged = this.postChangedAt.get(item.postId);
    return postChanged !== undefined && postChanged > item.loadedAt!;
  }

  /** Take it before loading items to keep (see keep). */
  epoch(): number {
    return this.changes;
  }

  /** Keeps items loaded since `epoch()` said `since`; none if a change was applied meanwhile
   * (another search caught up between the load and now), as they may predate it. */
  keep(since: number, loaded: ShownItem[]): void {
    if (since !== this.changes) return;
    for (const item of loaded) {
      item.loadedAt = since;
      this.items.set(item.id, item);
      this.byRids.set(item.rid, item);
    }
  }
}

/**
 * Trims the change log to its newest entries (the server's search maintenance calls this). A
 * worker that had not searched while more changes than that were made finds the gap and
 * starts over.
 */
export async function trimShownChanges(db: Db): Promise<void> {
  await sql`delete from search_shown_changes where seq <= (select max(seq) from search_shown_changes) - ${KEPT_CHANGES}`.execute(db);
}

async function lastChange(read: ReadStatement): Promise<number> {
  const rows = await read<{ seq: number | null }>('select max(seq) as seq from search_shown_changes', []);
  return Number(rows[0]?.seq ?? 0);
}

/** Characters of text (plus an estimate per item, see results.ts) kept at most: at the large
 * preset about 36,000 items in 21 MB of the worker's heap, most of the 42,000 that random
 * queries over the seed's vocabulary show (the memory sharp no longer takes pays for it). */
const MAX_CHARS = 12_000_000;
/** Posts whose changes are noted for the comments kept from before them (see forget). */
const CHANGED_POSTS_NOTED = 10_000;
/** Changes read per search at most; more than that at once and the cache starts over. */
export const CATCH_UP_ROWS = 1000;
/** Changes the log keeps. */
const KEPT_CHANGES = 10_000;
