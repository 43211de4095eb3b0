/**
 * The search module's read-worker tasks (see platform/threads): on SQLite, searches run here,
 * on a worker thread with its own read-only connection, beside the thread serving HTTP, which
 * keeps the items it has shown (see shown-cache.ts).
 */
import type { Db } from '../../platform/db/index.ts';
import type { ReadRows } from '../../platform/threads/index.ts';
import { createSearchStore, type SqliteSearchOptions } from '../../platform/search/index.ts';
import { encodePage, findResults, type EncodedPage, type SearchRequest, type ShownItems } from './results.ts';
import { ShownCache } from './shown-cache.ts';

export function createReadTasks(db: Db, options: SqliteSearchOptions, readRows: ReadRows) {
  const store = createSearchStore(db, 'sqlite', { ...options, readRows });
  const cache = new ShownCache();
  const shown: ShownItems = {
    cache,
    async beforeSearch(): Promise<undefined> {
      await cache.catchUp(readRows);
    },
  };
  return {
    search: async (request: SearchRequest): Promise<EncodedPage> => encodePage(await findResults(db, store, request, shown)),
  };
}
