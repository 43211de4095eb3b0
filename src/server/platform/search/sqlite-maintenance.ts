import { sql, type Kysely } from 'kysely';
import { bigMergeMayFollow, nextMergeInput, readStructure, rowsOf, worthOptimizing } from './fts5-merge.ts';
import { FTS_TABLES, RECENT, trimRecentStep } from './sqlite-recent.ts';

/**
 * Leaf pages a merge step may write before it stops (at the end of a word). A step first
 * opens every input segment where the merge stands (with hundreds of small segments, about
 * 5 ms whatever it then writes), so a step of one page could not keep up with a stream of
 * writes: after 30,000 comments in 25 s the indexes held 770 segments and a search cost three
 * times as much. A step may go on to the next merge FTS5 chooses once this one is done, so
 * steps are this long only when no merge that could come next is too big to do online (see
 * bigMergeMayFollow); otherwise one page, which never gets past the end of the current merge's next word.
 */
const MERGE_PAGES_PER_STEP = 64;
/**
 * Time a maintenance run may spend in its steps (a few milliseconds each). Counted in the steps
 * alone, not in the turns of the event loop between them: under load a turn takes 5-20 ms, and
 * a budget in wall time then bought one or two steps a second, too few to keep up with a write
 * burst (after four bench write steps the recent index held 652 segments, and a search cost 15
 * times as much until an idle server merged them, in 20 s).
 */
const MAINTENANCE_BUDGET_MS = 25;
/** The longest a maintenance run may last in wall time, turns between its steps included. */
const MAINTENANCE_WALL_MS = 500;
/**
 * The most items the segments of an online merge may hold together. A step copies whole
 * words, so its cost follows the longest word list among its inputs: that of a word found in
 * most items.
 */
export const ONLINE_MERGE_MAX_ROWS = 200_000;
/** The least time between two merges of the recent index into one segment (see optimizeRecent). */
export const RECENT_OPTIMIZE_EVERY_MS = 60_000;
/** Segments on one level before FTS5 merges that level inside a write, whatever its size. */
const CRISIS_SEGMENTS = 1000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function totalChanges(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(db);
  return Number(rows[0]!.n);
}

export interface MaintenanceOptions {
  /** Newest items kept in the recent index (see sqlite-recent.ts). */
  recentItems: number;
  /** The most items the segments of an online merge may hold together. */
  onlineMergeMaxRows: number;
  /** The least time between two merges of the recent index into one segment. */
  recentOptimizeEveryMs: number;
}

/** The background upkeep of the SQLite store's FTS5 tables: trimming the recent index and merging segments. */
export class IndexMaintenance {
  /** When the recent index may next be merged into one segment (see optimizeRecent). */
  private nextRecentOptimize = 0;
  /** Whether the last trim step trimmed: a trim goes on over the next runs until done. */
  private trimming = false;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>, private readonly options: MaintenanceOptions) {}

  /**
   * FTS5 merges its index segments inside the COMMIT of whatever transaction wrote to it
   * ('automerge'), which every dozen or so index writes costs 100 ms or more — a stall of
   * every request, as the connection is shared. A server turns that off and calls the
   * returned step every second or so: it trims the recent index, now and then starts merging
   * the recent index into one segment (optimizeRecent), and merges in steps of up to
   * MERGE_PAGES_PER_STEP pages, only where the segments to merge are small (see fts5-merge.ts:
   * a step over the big segment a rebuild wrote copies lists of megabytes), for at most
   * MAINTENANCE_BUDGET_MS of steps.
   * 'crisismerge' is raised so far that FTS5 merges a level by itself only if merging fell
   * far behind.
   */
  async start(): Promise<() => Promise<void>> {
    for (const table of FTS_TABLES) {
      await sql`insert into ${sql.table(table)} (${sql.ref(table)}, rank) values ('automerge', 0)`.execute(this.db);
      await sql`insert into ${sql.table(table)} (${sql.ref(table)}, rank) values ('crisismerge', ${sql.lit(CRISIS_SEGMENTS)})`.execute(this.db);
    }
    return async () => {
      const started = performance.now();
      let spent = 0;
      const timed = async <T>(step: () => Promise<T>): Promise<T> => {
        const at = performance.now();
        try {
          return await step();
        } finally {
          spent += performance.now() - at;
        }
      };
      const left = () => spent < MAINTENANCE_BUDGET_MS && performance.now() - started < MAINTENANCE_WALL_MS;
      const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
      const trim = () => trimRecentStep(this.db, { size: this.options.recentItems, underWay: this.trimming });
      while (left() && (this.trimming = await timed(trim))) await nextTurn();
      if (Date.now() >= this.nextRecentOptimize && await timed(() => this.optimizeRecent())) this.nextRecentOptimize = Date.now() + this.options.recentOptimizeEveryMs;
      // One step per table in turn, so that a table with much to merge does not starve the others.
      let busy: readonly string[] = FTS_TABLES;
      while (busy.length > 0 && left()) {
        const still: string[] = [];
        for (const table of busy) {
          if (await timed(() => this.mergeStep(table))) still.push(table);
          await nextTurn();
        }
        busy = still;
      }
    };
  }

  /**
   * Starts merging each table of the recent index into one segment where that is worth it (see
   * worthOptimizing); the merge steps below carry it on. Returns whether one started. The
   * newest items are what most searches read: with the six segments a write load had left,
   * a common word's newest matches cost 178 µs instead of 124 (large preset, in-process). It
   * rewrites the recent index (about 10 MB at the large preset), so at most once a
   * RECENT_OPTIMIZE_EVERY_MS.
   */
  private async optimizeRecent(): Promise<boolean> {
    let started = false;
    for (const table of [RECENT.main, RECENT.titles]) {
      await this.db.transaction().execute(async (trx) => {
        if (!worthOptimizing(await readStructure(trx, table), this.options.onlineMergeMaxRows)) return;
        await sql`insert into ${sql.table(table)} (${sql.ref(table)}, rank) values ('merge', ${sql.lit(-MERGE_PAGES_PER_STEP)})`.execute(trx);
        started = true;
      });
    }
    return started;
  }

  /** One short merge step on a table, if its next merge is small enough; returns whether it did one. */
  private async mergeStep(table: string): Promise<boolean> {
    // In one transaction, so that no index write slips in between and changes FTS5's choice.
    return this.db.transaction().execute(async (trx) => {
      const levels = await readStructure(trx, table);
      const input = nextMergeInput(levels);
      if (!input || rowsOf(input.segments) > this.options.onlineMergeMaxRows) return false;
      const pages = bigMergeMayFollow(levels, input, this.options.onlineMergeMaxRows) ? 1 : MERGE_PAGES_PER_STEP;
      const before = await totalChanges(trx);
      await sql`insert into ${sql.table(table)} (${sql.ref(table)}, rank) values ('merge', ${sql.lit(pages)})`.execute(trx);
      // FTS5 tells whether the step found work by the change count it leaves behind.
      return (await totalChanges(trx)) - before >= 2;
    });
  }
}
