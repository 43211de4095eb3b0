import type { Db } from '../../platform/db/index.ts';
import { markdownToText } from '../../platform/markdown/index.ts';
import { makeSnippet, type Alongside, snippetSource, type FoundRef, type HighlightTerm, type QueryNode, type SearchPosition, type SearchStore, type SnippetSource } from '../../platform/search/index.ts';
import type { SearchResult } from './schema.ts';
import type { SearchShownView } from './tables.ts';
import type { ShownCache, ShownItem } from './shown-cache.ts';

/** A parsed query and where its page starts: what a search asks of the index. */
export interface SearchRequest {
  node: QueryNode;
  terms: HighlightTerm[];
  types: string[] | null;
  limit: number;
  after: SearchPosition | null;
}

export interface FoundPage {
  items: SearchResult[];
  next: SearchPosition | null;
}

/** A page with its items already as the UTF-8 JSON the API sends (see encodePage). */
export interface EncodedPage {
  items: Uint8Array;
  next: SearchPosition | null;
}

const utf8 = new TextEncoder();

/**
 * The items as JSON bytes, made where the search ran: a read worker's answer then moves to the
 * HTTP thread without a copy (see platform/threads), which sends it as it is. Handed over as
 * objects, they were rebuilt, serialised and encoded there again: three copies of a page of
 * mostly Chinese text, 60 KB of garbage per search on the thread that serves every request.
 * The items hold exactly the fields of SearchResult, so this is what the schema would give.
 */
export function encodePage(page: FoundPage): EncodedPage {
  return { items: utf8.encode(JSON.stringify(page.items)), next: page.next };
}

/** The items a process keeps for results (see shown-cache.ts), and how it learns before a
 * search what changed: a SQLite read worker catches up with the log first, a PostgreSQL
 * server reads the log alongside the index (see shown-changes-postgres.ts). */
export interface ShownItems {
  readonly cache: ShownCache;
  beforeSearch(db: Db): Promise<Alongside | undefined>;
}

/**
 * One page of results as members see them. Runs on a read worker's connection (SQLite, see
 * reader.ts) or the server's (PostgreSQL, or an in-memory SQLite database without a cache).
 */
export async function findResults(db: Db, store: SearchStore, request: SearchRequest, shown: ShownItems | null = null): Promise<FoundPage> {
  const alongside = await shown?.beforeSearch(db);
  const cache = shown?.cache ?? null;
  const { hits, next } = await store.query({
    node: request.node,
    types: request.types,
    show: (docs) => show(db, docs, cache),
    known: cache ? (rid) => known(cache, rid) : undefined,
    alongside,
    limit: request.limit,
    after: request.after,
  });
  // Snippets only for the hits the page shows (the store loads a few more than it shows).
  const items = hits.map(({ item }): SearchResult => ({
    type: item.type, id: item.id, title: item.title, url: urlOf(item), snippet: makeSnippet(sourceOf(item), request.terms),
  }));
  return { items, next };
}

function known(cache: ShownCache, rid: number): FoundRef | undefined {
  const item = cache.byRid(rid);
  return item && { rid, type: item.type, refId: item.id, known: item };
}

/** The items a page shows, null for what may not be shown: from the cache, or loaded. */
async function show(db: Db, docs: FoundRef[], cache: ShownCache | null): Promise<(ShownItem | null)[]> {
  // Keyed by id alone: ids are ULIDs, unique across tables.
  const found = new Map<string, ShownItem>();
  const missing: FoundRef[] = [];
  for (const doc of docs) {
    // What known() gave is what the cache holds (looked up once: a search shows 20-odd items).
    const known = (doc.known as ShownItem | undefined) ?? cache?.get(doc.refId);
    if (known) found.set(doc.refId, known);
    else missing.push(doc);
  }
  if (missing.length > 0) {
    const since = cache?.epoch();
    const loaded = await load(db, missing);
    for (const item of loaded) found.set(item.id, item);
    if (cache && since !== undefined) cache.keep(since, loaded);
  }
  return docs.map((d) => found.get(d.refId) ?? null);
}

/** The items of these that may be shown, one lookup per type (the view's arms for the other
 * types are skipped at once). */
async function load(db: Db, docs: FoundRef[]): Promise<ShownItem[]> {
  const types = [...new Set(docs.map((d) => d.type as SearchShownView['type']))];
  const rows = await Promise.all(types.map((type) => db.selectFrom('search_shown')
    .select(['type', 'ref_id', 'title', 'body', 'post_id', 'username'])
    .where('type', '=', type).where('ref_id', 'in', docs.filter((d) => d.type === type).map((d) => d.refId)).execute()));
  const ridOf = new Map(docs.map((d) => [d.refId, d.rid]));
  return rows.flat().map((row) => shownItemOf(row, ridOf.get(row.ref_id)!));
}

function shownItemOf(row: SearchShownView, rid: number): ShownItem {
  switch (row.type) {
    case 'post':
      return { type: 'post', id: row.ref_id, rid, title: row.title, raw: row.body, markdown: true, source: null, size: row.title.length + row.body.length + ITEM_OVERHEAD };
    case 'comment':
      return {
        type: 'comment', id: row.ref_id, rid, title: row.title, postId: row.post_id!, raw: row.body, markdown: true, source: null,
        size: row.title.length + row.body.length + ITEM_OVERHEAD,
      };
    case 'user': {
      const text = row.body ? `@${row.username} · ${row.body}` : `@${row.username}`;
      return {
        type: 'user', id: row.ref_id, rid, title: row.title, username: row.username!, raw: text, markdown: false, source: null,
        size: text.length + row.title.length + ITEM_OVERHEAD,
      };
    }
  }
}

/** Where a result links to. */
function urlOf(item: ShownItem): string {
  switch (item.type) {
    case 'post': return `/posts/${item.id}`;
    case 'comment': return `/posts/${item.postId}#comment-${item.id}`;
    case 'user': return `/u/${encodeURIComponent(item.username!)}`;
  }
}

/** The plain text of an item, ready for snippets: worked out when a snippet first needs it,
 * then kept with the item in place of what was stored. */
function sourceOf(item: ShownItem): SnippetSource {
  if (!item.source) {
    item.source = snippetSource(item.markdown ? markdownToText(item.raw) : item.raw);
    item.raw = '';
  }
  return item.source;
}

/** What an item costs in memory beyond its text and title, in characters: its id, the
 * objects, the cache's entry (measured at the large preset: about 600 bytes an item all told,
 * most texts being two bytes a character). */
const ITEM_OVERHEAD = 200;
