import type { Band, FoundRef, SearchHit, SearchPosition, StoreQuery, StorePage } from './types.ts';

/** A found item and its ranking tier (1: the title matches, 0: elsewhere). */
export type TieredDoc = FoundRef & { tier: number };
/** Reads one tier inside the band, below `before`, of the query's types, newest first, at most `n`. */
export type TierRead = (band: Band, before: number, n: number) => Promise<FoundRef[]>;

/** How each database reads its index for the ranking both share. */
export interface TierReader {
  /**
   * At most `n` items of the band in ranking order from a place in it: for tier 1, the title
   * matches below `before`, then the other matches from the band's top; for tier 0, the
   * other matches below `before`. Newest first within a tier.
   */
  walk(tier: number, band: Band, before: number, n: number): Promise<TieredDoc[]>;
  /**
   * The band of rids below `top` (null: the first band, open at the top) that one page may
   * walk. A database that cannot bound its walk by rid returns the whole index as one band.
   */
  bandBelow(top: number | null): Promise<Band>;
}

/** A walk for a database that reads each tier with a statement of its own: the other
 * matches are read only when the title matches do not fill the window. */
export function walkInTurn(titles: TierRead, others: TierRead): TierReader['walk'] {
  return async (tier, band, before, n) => {
    const found: TieredDoc[] = tier === 1 ? (await titles(band, before, n)).map((doc) => tiered(doc, 1)) : [];
    if (found.length === n) return found;
    const rest = await others(band, tier === 1 ? band.top : before, n - found.length);
    return found.concat(rest.map((doc) => tiered(doc, 0)));
  };
}

/** A literal of one shape rather than a spread: this runs for every row a search reads. */
function tiered(doc: FoundRef, tier: number): TieredDoc {
  return { rid: doc.rid, type: doc.type, refId: doc.refId, known: doc.known, tier };
}

/** The top of the first band: above every rid there is or will be, so that an item indexed a
 * moment ago is found without asking the database for the newest rid on every search. */
export const OPEN_TOP = Number.MAX_SAFE_INTEGER;

/**
 * Ranks without scoring every match: bm25 or ts_rank need statistics over every match of
 * every term, which for a common word on a large site is hundreds of milliseconds per query
 * and grows with the site. Here a page reads just the rows it shows (plus a few), in index
 * order: title matches first, then the rest, newest first within each.
 *
 * Words that are each common but rarely meet would still make the index walk both long
 * lists to the end to find their few shared items. So the index is read in bands of rids,
 * newest first, each sized by the reader so that walking it costs about the same whatever
 * the words (for rare words one band is the whole index), and the tiers apply within a band.
 * A page walks at most BANDS_PER_PAGE bands: when they hold too few matches it comes back
 * short (even empty) with a cursor that goes on into older items.
 */
export async function rankAndShow<T>(q: StoreQuery<T>, reader: TierReader): Promise<StorePage<T>> {
  const shown: { hit: SearchHit<T>; at: SearchPosition }[] = [];
  let band = q.after?.band ?? await reader.bandBelow(q.after?.before ?? null);
  let tier = q.after?.tier ?? 1;
  let before = q.after?.before ?? band.top;
  let bandsLeft = BANDS_PER_PAGE;
  for (;;) {
    // One row more than the page says whether another page follows.
    const want = q.limit + 1 - shown.length + WINDOW_SPARE;
    const found = await reader.walk(tier, band, before, want);
    for (const hit of await shownDocs(found, q)) {
      if (shown.length > q.limit) break;
      shown.push({ hit, at: { tier: hit.score, before: hit.rid, band } });
    }
    if (shown.length > q.limit) {
      return { hits: shown.slice(0, q.limit).map((s) => s.hit), next: shown[q.limit - 1]!.at };
    }
    if (found.length === want) {
      // Hidden items took places in the window: go on from its last row.
      const last = found[found.length - 1]!;
      tier = last.tier;
      before = last.rid;
    } else if (band.low <= 1) {
      return { hits: shown.map((s) => s.hit), next: null };
    } else {
      tier = 1;
      before = band.low;
      bandsLeft -= 1;
      // Out of bands for this page: the next one starts with the band below this one.
      if (bandsLeft === 0 || band.endsPage) return { hits: shown.map((s) => s.hit), next: { tier, before, band: null } };
      band = await reader.bandBelow(band.low);
    }
  }
}

/** The items that may be shown, in the order given, with what the page shows of them. */
async function shownDocs<T>(docs: TieredDoc[], q: StoreQuery<T>): Promise<SearchHit<T>[]> {
  if (docs.length === 0) return [];
  const items = await q.show(docs);
  return docs.flatMap((doc, i) => {
    const item = items[i];
    return item === null || item === undefined ? [] : [{ rid: doc.rid, type: doc.type, refId: doc.refId, score: doc.tier, item }];
  });
}

// Hidden or deleted items are rare among the newest matches: a few spare rows per window
// usually spare a second round trip.
const WINDOW_SPARE = 4;

/** Bands one page may walk before it answers with what it found. */
const BANDS_PER_PAGE = 2;
