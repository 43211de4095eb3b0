import { sql, type Kysely } from 'kysely';
import type { SearchHit, StoreQuery } from './types.ts';

/**
 * Keeps the first `limit` ranked candidates that may be shown. Visibility costs a lookup per
 * item, so it is checked for the rows a page needs (plus a few, as some may be hidden) rather
 * than for every candidate; a window with hidden rows is followed by the next one.
 */
export async function takeVisible(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>, ranked: SearchHit[], visible: StoreQuery['visible'], limit: number,
): Promise<SearchHit[]> {
  const shown: SearchHit[] = [];
  let from = 0;
  while (shown.length < limit && from < ranked.length) {
    const window = ranked.slice(from, from + Math.max(limit - shown.length, 1) + WINDOW_SPARE);
    from += window.length;
    // Visibility is a selected value rather than a condition: as a condition, SQLite's OR
    // optimisation walked the (type, ref_id) index of every indexed item instead of the rids.
    const { rows } = await sql<{ rid: number | string; shown: unknown }>`
      select d.rid, (${visible}) as shown from search_docs d
      where d.rid in (${sql.join(window.map((h) => h.rid))})`.execute(db);
    const ok = new Set(rows.filter((r) => r.shown === true || Number(r.shown) === 1).map((r) => Number(r.rid)));
    for (const h of window) if (ok.has(h.rid) && shown.length < limit) shown.push(h);
  }
  return shown;
}

// Hidden or deleted items are rare among the newest matches: a few spare rows per window
// usually spare a second round trip.
const WINDOW_SPARE = 4;
