import type { Band, DocRef, SearchHit, SearchPosition, StoreQuery, StorePage } from './types.ts';

/** An item the index found: its rid and what it is, read in the same statement. */
export type FoundDoc = { rid: number } & DocRef;

/**
 * How each database reads its index for the ranking both share. A reader returns the items
 * inside the band, below `before`, of the query's types, newest first, at most `n`.
 */
export interface TierReader {
  /** Items whose title matches the query. */
  titles(band: Band, before: number, n: number): Promise<FoundDoc[]>;
  /** Items that match elsewhere but not in the title. */
  others(band: Band, before: number, n: number): Promise<FoundDoc[]>;
  /**
   * The band of rids below `top` (null: the first band, open at the top) that one page may
   * walk. A database that cannot bound its walk by rid returns the whole index as one band.
   */
  bandBelow(top: number | null): Promise<Band>;
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
    const found = tier === 1 ? await reader.titles(band, before, want) : await reader.others(band, before, want);
    for (const hit of await shownDocs(found, q)) {
      if (shown.length > q.limit) break;
      shown.push({ hit: { ...hit, score: tier }, at: { tier, before: hit.rid, band } });
    }
    if (shown.length > q.limit) {
      return { hits: shown.slice(0, q.limit).map((s) => s.hit), next: shown[q.limit - 1]!.at };
    }
    if (found.length === want) {
      before = found[found.length - 1]!.rid;
    } else if (tier === 1) {
      tier = 0;
      before = band.top;
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
async function shownDocs<T>(docs: FoundDoc[], q: StoreQuery<T>): Promise<Omit<SearchHit<T>, 'score'>[]> {
  if (docs.length === 0) return [];
  const items = await q.show(docs);
  return docs.flatMap((doc, i) => {
    const item = items[i];
    return item === null || item === undefined ? [] : [{ rid: doc.rid, type: doc.type, refId: doc.refId, item }];
  });
}

// Hidden or deleted items are rare among the newest matches: a few spare rows per window
// usually spare a second round trip.
const WINDOW_SPARE = 4;

/** Bands one page may walk before it answers with what it found. */
const BANDS_PER_PAGE = 2;
