import { decodeCursor, encodeCursor, invalidField, ok, raise, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { ReadWorkers } from '../../platform/threads/index.ts';
import type { SearchPosition, SearchStore } from '../../platform/search/index.ts';
import { encodePage, findResults, type EncodedPage, type SearchRequest, type ShownItems } from './results.ts';
import type { SearchQuery } from './schema.ts';
import type { CustomWords } from './words.ts';

const PAGE_OPEN = Buffer.from('{"items":');

/** The cursor is [tier, before, band low, band top], the band -1 when still to be chosen. */
function positionOf(cursor: string | undefined): SearchPosition | null {
  const at = decodeCursor(cursor, ['number', 'number', 'number', 'number'] as const);
  if (!at) return null;
  const [tier, before, low, top] = at;
  const band = low === -1 && top === -1 ? null : { low, top };
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if ((tier !== 0 && tier !== 1) || !whole(before) || (band && !(whole(band.low) && band.low < band.top && before <= band.top))) {
    return raise('invalid', 'error.invalidCursor');
  }
  return { tier, before, band };
}

export class SearchService {
  /**
   * @param readers On SQLite, the read workers that run searches off the HTTP thread (null:
   * in this thread, on the server's connection — PostgreSQL, or an in-memory database).
   * @param shown In this thread, the items kept for results (PostgreSQL), if any.
   */
  constructor(
    private readonly ctx: ModuleContext, private readonly words: CustomWords, private readonly store: SearchStore,
    private readonly readers: ReadWorkers | null, private readonly shown: ShownItems | null,
  ) {}

  /** A page of results as the JSON body of the API's answer (a Page of SearchResult). */
  async search(input: SearchQuery): Promise<Result<Buffer>> {
    // The query is parsed here, where the site dictionary is: the workers need no jieba.
    const segmenter = await this.words.ready();
    const parsed = segmenter.parseQuery(input.q);
    if (!parsed.node) return invalidField('q', 'search.noWords');
    const request: SearchRequest = {
      node: parsed.node,
      terms: parsed.terms,
      types: input.type ? [input.type] : null,
      limit: input.limit ?? 20,
      after: positionOf(input.cursor),
    };
    const { items, next } = this.readers
      ? await this.readers.run<EncodedPage>('search', request)
      : encodePage(await findResults(this.ctx.db, this.store, request, this.shown));
    const nextCursor = next ? encodeCursor([next.tier, next.before, next.band?.low ?? -1, next.band?.top ?? -1]) : null;
    return ok(Buffer.concat([PAGE_OPEN, items, Buffer.from(`,"nextCursor":${JSON.stringify(nextCursor)}}`)]));
  }
}
