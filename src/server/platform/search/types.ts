import type { Kysely, RawBuilder } from 'kysely';
import type { QueryNode } from './segmenter.ts';

/** The database as the index's own code sees it: its tables are not part of the typed Database. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IndexDb = Kysely<any>;

/** One item as the index sees it: tokens already produced by Segmenter.indexText. */
export interface IndexDoc {
  type: string;
  refId: string;
  titleTokens: string;
  bodyTokens: string;
}

export interface SearchHit<T> {
  rid: number;
  type: string;
  refId: string;
  /** The ranking tier (1: the title matches, 0: elsewhere); ties go newest first. */
  score: number;
  /** What the page shows of the item, as StoreQuery.show loaded it. */
  item: T;
}

export interface StoreQuery<T> {
  node: QueryNode;
  types: string[] | null;
  /**
   * Loads what a page shows of these items, in the order given, null for any that may not be
   * shown (hidden, deleted, suspended). Asked at query time, for just the rows a page shows,
   * so that a missed event cannot leak a deleted item and nothing is read twice.
   */
  show(docs: FoundRef[]): Promise<(T | null)[]>;
  /**
   * An indexed item the caller already has, by rid (the items it keeps), so that the store
   * need not read what the rid is: looking each match up in the item table was a third of the
   * cost of reading a page of matches (SQLite). It comes back to show as `known`.
   */
  known?(rid: number): FoundRef | undefined;
  /** Read in the same statements as the index, where the store can (PostgreSQL). */
  alongside?: Alongside;
  limit: number;
  /** Where the previous page stopped (null: the first page). */
  after: SearchPosition | null;
}

/**
 * A scalar SQL expression a store evaluates in each statement that reads its index, in that
 * statement's snapshot, handing the value to `receive` before `show` is asked about what the
 * statement found (a round trip less for a caller that would otherwise read it first).
 */
export interface Alongside {
  expression: RawBuilder<unknown>;
  receive(value: unknown): void;
}

/** A stretch of rids, `low` inclusive, `top` exclusive. */
export interface Band {
  low: number;
  top: number;
  /** A page that has walked this band answers with what it found, even if short. */
  endsPage?: boolean;
}

/** A place in the ranking: the tier and rid to continue below, inside a band of rids (null:
 * the band below `before` is still to be chosen). */
export interface SearchPosition {
  tier: number;
  before: number;
  band: Band | null;
}

export interface StorePage<T> {
  hits: SearchHit<T>[];
  /** Null when nothing more matches. A page may come back short, even empty, and still go on. */
  next: SearchPosition | null;
}

/** An item a search found: its rid, what it is, and what the caller had of it (see StoreQuery.known). */
export interface FoundRef extends DocRef {
  rid: number;
  known?: unknown;
}

/** An item the index should no longer hold. */
export interface DocRef {
  type: string;
  refId: string;
}

export interface ClearOptions {
  /**
   * Nobody searches until optimize() has run (a seed filling a new database): the store may
   * drop what only serves searches and build it once, at the end, which is far cheaper than
   * keeping it current item by item.
   */
  offline?: boolean;
}

export interface SearchStore {
  /** Writes and removes items in one transaction. */
  apply(upserts: IndexDoc[], removals: DocRef[]): Promise<void>;
  /** Empties the index before a rebuild that will append about `expectedItems` items. */
  clear(expectedItems?: number, options?: ClearOptions): Promise<void>;
  /** Holds nothing, or what an offline rebuild that never finished left (the server rebuilds it). */
  isEmpty(): Promise<boolean>;
  /** Adds items the index does not hold yet, in bulk, after the ones it has (a rebuild after clear()). */
  appendFresh(docs: IndexDoc[]): Promise<void>;
  /** After a bulk rebuild: refresh planner statistics or merge index segments. */
  optimize(): Promise<void>;
  /**
   * For a running server: moves index housekeeping off the write path, and returns a step to
   * run now and then (or null when the database needs none).
   */
  backgroundMaintenance(): Promise<(() => Promise<void>) | null>;
  /**
   * Items a store's recent index should hold but does not (SQLite, after the migration that
   * created it), with the floor it will have once they are added; null when it is full or the
   * store keeps none.
   */
  recentGap(): Promise<{ floor: number; items: ({ rid: number } & DocRef)[] } | null>;
  /** Adds those items (tokenised again) to the recent index and lowers its floor. */
  extendRecent(floor: number, items: { rid: number; doc: IndexDoc }[]): Promise<void>;
  /** A page of ranked hits, best first, ties newest first. */
  query<T>(q: StoreQuery<T>): Promise<StorePage<T>>;
}
