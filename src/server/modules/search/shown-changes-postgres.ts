import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Alongside } from '../../platform/search/index.ts';
import type { ShownItems } from './results.ts';
import { CATCH_UP_ROWS, type ShownCache } from './shown-cache.ts';

/** A log entry as read: sequence number, transaction id (decimal), type, ref_id. */
type Entry = [number, string, string, string];
interface Read {
  horizon: string;
  changes?: Entry[] | null;
}

/**
 * PostgreSQL: keeps a server process's ShownCache exact by the change log (migration
 * search_shown_changes_postgres), read in the statement of each search's index read (see
 * StoreQuery.alongside) rather than in a round trip of its own: a second statement per search
 * cost a fifth of search's throughput.
 *
 * Transactions commit out of sequence order, so the log is read by transaction id: each read
 * asks for the entries of transactions at or above the horizon, the xmin of the snapshot of
 * the last read applied. A transaction its snapshot could not see has an id at or above its
 * xmin, so no change is missed; one that was still running then is read again next time, and
 * entries already applied are skipped by sequence number.
 */
export class PostgresShownChanges implements ShownItems {
  private horizon: bigint | null = null;
  /** The entries applied at or above the horizon, which later reads return again. */
  private readonly applied = new Map<number, bigint>();
  private lastRead = 0;

  constructor(readonly cache: ShownCache) {}

  /** What a search reads alongside its index, and what to do with it. */
  async beforeSearch(): Promise<Alongside> {
    // A reader idle for longer than the log is sure to hold what it needs starts over.
    const from = this.horizon !== null && Date.now() - this.lastRead < IDLE_RESTART_MS ? this.horizon : null;
    const expression = from === null
      ? sql`json_build_object('horizon', pg_snapshot_xmin(pg_current_snapshot())::text)`
      : sql`json_build_object('horizon', pg_snapshot_xmin(pg_current_snapshot())::text, 'changes',
          (select json_agg(json_build_array(c.seq, c.xid::text, c.type, c.ref_id) order by c.seq)
            from (select seq, xid, type, ref_id from search_shown_changes where xid >= ${from.toString()}::xid8
              order by seq limit ${CATCH_UP_ROWS}) c))`;
    return { expression, receive: (value) => this.receive(value as Read, from) };
  }

  private receive(read: Read, from: bigint | null): void {
    this.lastRead = Date.now();
    const changes = read.changes ?? [];
    if (from === null || changes.length >= CATCH_UP_ROWS) {
      this.cache.clear();
      this.applied.clear();
    } else {
      const fresh = changes.filter(([seq]) => !this.applied.has(seq));
      this.cache.forget(fresh.map(([, , type, refId]) => ({ type, ref_id: refId })));
      for (const [seq, xid] of fresh) this.applied.set(seq, BigInt(xid));
    }
    // Reads run side by side: the horizon only moves up (every change below the higher one
    // has been applied, by this read or the one that saw it).
    const horizon = BigInt(read.horizon);
    if (this.horizon === null || horizon > this.horizon) this.horizon = horizon;
    for (const [seq, xid] of this.applied) if (xid < this.horizon) this.applied.delete(seq);
  }
}

/**
 * Trims the PostgreSQL change log (the search module calls this at start and every minute):
 * entries of transactions that had ended TRIM_AFTER_MS ago. Every process's reader has read
 * since then (or starts over: IDLE_RESTART_MS), so its horizon is above them. `marks` carries
 * the horizons seen by earlier calls, oldest first.
 */
export async function trimPostgresShownChanges(db: Db, marks: { at: number; xmin: string }[]): Promise<void> {
  const { rows } = await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db);
  marks.push({ at: Date.now(), xmin: rows[0]!.xmin });
  let below: string | undefined;
  while (marks.length > 0 && marks[0]!.at <= Date.now() - TRIM_AFTER_MS) below = marks.shift()!.xmin;
  // Entries of transactions this cluster has not reached came with a backup restored from
  // another cluster: every read would return them again.
  const older = below === undefined ? sql`` : sql` or xid < ${below}::xid8`;
  await sql`delete from search_shown_changes where xid >= pg_snapshot_xmax(pg_current_snapshot())${older}`.execute(db);
}

/** A reader that has not read for this long starts over. */
const IDLE_RESTART_MS = 10 * 60_000;
/** How long after its transaction an entry is kept: well beyond IDLE_RESTART_MS. */
const TRIM_AFTER_MS = 20 * 60_000;
