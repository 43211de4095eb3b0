import { sql, type Kysely } from 'kysely';
import type { SearchHit, StoreQuery } from './types.ts';

/**
 * How each database reads its index for the ranking both share: title matches first, then
 * the other matches, newest first within each tier. A reader returns rids newest first,
 * below `before` (or from the newest), at most `n`.
 */
export interface TierReader {
  /** Items whose title matches the query. */
  titles(before: number | null, n: number): Promise<number[]>;
  /** Items that match elsewhere but not in the title. */
  others(before: number | null, n: number): Promise<number[]>;
}

/**
 * Ranks without scoring every match: bm25 or ts_rank need statistics over every match of
 * every term, which for a common word on a large site is hundreds of milliseconds per query
 * and grows with the site. Here a page reads just the rows it shows (plus a few), in index
 * order, from the title tier and then the rest: the cost of a page does not grow with the
 * number of matches, and pages go as deep as there are matches. The cursor is (tier, rid).
 */
export async function rankAndShow(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>, q: StoreQuery, reader: TierReader,
): Promise<SearchHit[]> {
  const shown: SearchHit[] = [];
  let tier = q.after ? q.after.score : 1;
  let before: number | null = q.after ? q.after.rid : null;
  while (tier >= 0 && shown.length < q.limit) {
    const want = q.limit - shown.length + WINDOW_SPARE;
    const rids = tier === 1 ? await reader.titles(before, want) : await reader.others(before, want);
    for (const hit of await visibleDocs(db, rids, q)) {
      if (shown.length < q.limit) shown.push({ ...hit, score: tier });
    }
    if (rids.length < want) {
      tier -= 1;
      before = null;
    } else {
      before = rids[rids.length - 1]!;
    }
  }
  return shown;
}

/** The rids that may be shown, in the order given, with what they are. Visibility is a
 * selected value rather than a condition: as a condition, SQLite's OR optimisation walked the
 * (type, ref_id) index of every indexed item instead of the rids. */
async function visibleDocs(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>, rids: number[], q: StoreQuery,
): Promise<Omit<SearchHit, 'score'>[]> {
  if (rids.length === 0) return [];
  const types = q.types ? sql`and d.type in (${sql.join(q.types)})` : sql``;
  const { rows } = await sql<{ rid: number | string; type: string; ref_id: string; shown: unknown }>`
    select d.rid, d.type, d.ref_id, (${q.visible}) as shown from search_docs d
    where d.rid in (${sql.join(rids)}) ${types}`.execute(db);
  const docs = new Map(rows.filter((r) => r.shown === true || Number(r.shown) === 1).map((r) => [Number(r.rid), r]));
  return rids.flatMap((rid) => {
    const doc = docs.get(rid);
    return doc ? [{ rid, type: doc.type, refId: doc.ref_id }] : [];
  });
}

// Hidden or deleted items are rare among the newest matches: a few spare rows per window
// usually spare a second round trip.
const WINDOW_SPARE = 4;
