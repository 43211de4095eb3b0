import { sql, type Kysely } from 'kysely';
import type { SearchHit, StoreQuery } from './types.ts';

/**
 * How both databases rank, the same way: a query reads the index twice, each read stopping
 * after the CANDIDATES newest rows — the newest items matching anywhere, and the newest whose
 * title alone matches. Title matches come first, then the rest; newest first within each.
 *
 * No per-match score (bm25, ts_rank): scoring needs statistics over every match of every
 * term, which for a common word on a large site is hundreds of milliseconds per query, and
 * grows with the site. Two bounded index reads cost the same on ten thousand items as on
 * millions. A title hit stays findable even when it is older than the newest CANDIDATES
 * body hits, because the title read has its own window.
 */
export async function rankAndShow(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>, q: StoreQuery, newestMatches: (titleOnly: boolean) => Promise<number[]>,
): Promise<SearchHit[]> {
  const [inTitle, anywhere] = await Promise.all([newestMatches(true), newestMatches(false)]);
  return takeVisible(db, rankByTier(inTitle, anywhere, q.after), q, q.limit);
}

interface Ranked {
  rid: number;
  score: number;
}

/** Title tier (score 1) then the rest (score 0), newest first, after the cursor if any. */
export function rankByTier(inTitle: number[], anywhere: number[], after: StoreQuery['after']): Ranked[] {
  const titleSet = new Set(inTitle);
  const ranked: Ranked[] = [
    ...[...titleSet].sort((a, b) => b - a).map((rid) => ({ rid, score: 1 })),
    ...[...new Set(anywhere)].filter((rid) => !titleSet.has(rid)).sort((a, b) => b - a).map((rid) => ({ rid, score: 0 })),
  ];
  if (!after) return ranked;
  return ranked.filter((r) => r.score < after.score || (r.score === after.score && r.rid < after.rid));
}

/**
 * Keeps the first `limit` ranked candidates that may be shown, with what they are. Visibility
 * costs a lookup per item, so it is checked for the rows a page needs (plus a few, as some
 * may be hidden) rather than for every candidate; a window with hidden rows is followed by
 * the next one.
 */
async function takeVisible(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>, ranked: Ranked[], q: StoreQuery, limit: number,
): Promise<SearchHit[]> {
  const shown: SearchHit[] = [];
  const types = q.types ? sql`and d.type in (${sql.join(q.types)})` : sql``;
  let from = 0;
  while (shown.length < limit && from < ranked.length) {
    const window = ranked.slice(from, from + Math.max(limit - shown.length, 1) + WINDOW_SPARE);
    from += window.length;
    // Visibility is a selected value rather than a condition: as a condition, SQLite's OR
    // optimisation walked the (type, ref_id) index of every indexed item instead of the rids.
    const { rows } = await sql<{ rid: number | string; type: string; ref_id: string; shown: unknown }>`
      select d.rid, d.type, d.ref_id, (${q.visible}) as shown from search_docs d
      where d.rid in (${sql.join(window.map((h) => h.rid))}) ${types}`.execute(db);
    const docs = new Map(rows.filter((r) => r.shown === true || Number(r.shown) === 1).map((r) => [Number(r.rid), r]));
    for (const h of window) {
      const doc = docs.get(h.rid);
      if (doc && shown.length < limit) shown.push({ rid: h.rid, type: doc.type, refId: doc.ref_id, score: h.score });
    }
  }
  return shown;
}

// Hidden or deleted items are rare among the newest matches: a few spare rows per window
// usually spare a second round trip.
const WINDOW_SPARE = 4;


