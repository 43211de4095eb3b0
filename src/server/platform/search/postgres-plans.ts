import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { readRecentBounds, type RecentBounds } from './postgres-recent.ts';
import type { QueryNode } from './segmenter.ts';

/**
 * How a tier of a PostgreSQL search reads its matches:
 * - 'walk': the rid index newest first, testing each row, until the window is full. Cheap when
 *   the words are common (a window fills within a few hundred rows), ruinous when they are rare.
 * - 'gin': every match from the GIN index, then the newest sorted out. Cheap when the words are
 *   rare, ruinous when they are common.
 * Search statements are named prepared statements whose generic plan is fixed by their text
 * (see postgres.ts), so this choice is made here, from PostgreSQL's own statistics, instead of
 * by planning every search: planning and parsing had been half of PostgreSQL's CPU a search.
 */
export type ReadPlan = 'walk' | 'gin';

/** What ANALYZE found of one tsvector column: each common lexeme's share of rows. */
export interface ColumnFrequencies {
  of: ReadonlyMap<string, number>;
  /** The assumed share of a lexeme not among the common ones (PostgreSQL's own assumption). */
  floor: number;
}

export interface IndexFrequencies {
  /** Rows in search_docs as of the last ANALYZE (0: never analyzed). */
  rows: number;
  doc: ColumnFrequencies;
  title: ColumnFrequencies;
}

const NONE: ColumnFrequencies = { of: new Map(), floor: 0 };

/** The share of rows whose column matches the query, words taken as independent. */
export function frequencyOf(node: QueryNode, column: ColumnFrequencies): number {
  switch (node.kind) {
    case 'term': return column.of.get(node.token) ?? column.floor;
    case 'prefix': {
      let sum = column.floor;
      for (const [lexeme, f] of column.of) if (lexeme.startsWith(node.token)) sum += f;
      return Math.min(1, sum);
    }
    case 'and': return node.nodes.reduce((p, n) => p * frequencyOf(n, column), 1);
    case 'or': return 1 - node.nodes.reduce((p, n) => p * (1 - frequencyOf(n, column)), 1);
  }
}

/**
 * What testing a row on a walk costs against taking a match from the GIN index. Measured at the
 * small preset, warm: a walk 0.5-0.9 µs a row (newest first, so along the heap's last pages),
 * a GIN read 1.4-2.5 µs a match (each fetched from wherever it lies in the heap, then sorted).
 */
export const WALK_ROW_COST = 0.5;

/**
 * Walking tests about `want ÷ share` rows to fill a window; the GIN index reads all
 * `rows × share` matches. Walk when that costs less.
 */
export function planFor(share: number, rows: number, want: number): ReadPlan {
  return share > 0 && WALK_ROW_COST * (want / share) < rows * share ? 'walk' : 'gin';
}

/** Statistics change with ANALYZE (autovacuum's, or the seeder's), so re-read now and then. */
const REFRESH_MS = 5 * 60_000;
/** The floor moves when the recent table is trimmed, whose rows below it go a while later
 * (postgres-recent.ts); the newest rid only sizes the recent table for the plans. */
const BOUNDS_REFRESH_MS = 1_000;

/** The index's statistics and the recent table's bounds, read once and then refreshed in the background. */
export class PostgresIndexFrequencies {
  private current: IndexFrequencies | null = null;
  private loading: Promise<IndexFrequencies> | null = null;
  private loadedAt = 0;
  private bounds: RecentBounds | null = null;
  private boundsLoading: Promise<RecentBounds> | null = null;
  private boundsAt = 0;

  constructor(private readonly db: Db) {}

  async get(): Promise<IndexFrequencies> {
    if (this.current && Date.now() - this.loadedAt < REFRESH_MS) return this.current;
    this.loading ??= this.load().finally(() => { this.loading = null; });
    // A stale answer serves while the fresh one loads.
    return this.current ?? this.loading;
  }

  /** The recent table's floor and the newest rid, at most about a second old. */
  async recentBounds(): Promise<RecentBounds> {
    if (this.bounds !== null && Date.now() - this.boundsAt < BOUNDS_REFRESH_MS) return this.bounds;
    this.boundsLoading ??= readRecentBounds(this.db)
      .then((bounds) => {
        this.bounds = bounds;
        this.boundsAt = Date.now();
        return bounds;
      })
      .finally(() => { this.boundsLoading = null; });
    return this.bounds ?? this.boundsLoading;
  }

  /** Forgets what was read (after a rebuild and its ANALYZE). */
  reset(): void {
    this.current = null;
    this.bounds = null;
  }

  private async load(): Promise<IndexFrequencies> {
    const { rows } = await sql<{ attname: string; elems: string[] | null; freqs: number[] | null; tuples: number }>`
      select s.attname::text as attname, s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs as freqs,
        (select greatest(c.reltuples, 0) from pg_class c where c.oid = 'search_docs'::regclass) as tuples
      from pg_stats s where s.schemaname = current_schema() and s.tablename = 'search_docs' and s.attname in ('doc', 'title_doc')`.execute(this.db);
    const column = (name: string): ColumnFrequencies => {
      const row = rows.find((r) => r.attname === name);
      if (!row?.elems || !row.freqs) return NONE;
      // The frequencies array ends with the minimum, the maximum and the share of nulls.
      const of = new Map(row.elems.map((lexeme, i) => [lexeme, row.freqs![i]!]));
      return { of, floor: row.freqs[row.elems.length]! / 2 };
    };
    this.current = { rows: Number(rows[0]?.tuples ?? 0), doc: column('doc'), title: column('title_doc') };
    this.loadedAt = Date.now();
    return this.current;
  }
}
