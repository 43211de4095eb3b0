/**
 * The search module's read-worker tasks (see platform/threads): on SQLite, searches run here,
 * on a worker thread with its own read-only connection, beside the thread serving HTTP.
 */
import type { Db } from '../../platform/db/index.ts';
import { createSearchStore, type SqliteSearchOptions } from '../../platform/search/index.ts';
import { findResults, type FoundPage, type SearchRequest } from './results.ts';

export function createReadTasks(db: Db, options: SqliteSearchOptions) {
  const store = createSearchStore(db, 'sqlite', options);
  return {
    search: (request: SearchRequest): Promise<FoundPage> => findResults(db, store, request),
  };
}
