import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import { createSearchStore, Segmenter } from '../../platform/search/index.ts';
import { Indexer, rebuildIndex, type ReindexCounts } from './indexer.ts';
import * as words from './migrations/20261126T0731_search_words.ts';
import { searchRoutes } from './routes.ts';
import { SearchService } from './service.ts';
import { CustomWords } from './words.ts';
import './messages.ts';
import './tables.ts';

export const searchModule: ModuleDefinition = {
  name: 'search',
  migrations: { '20261126T0731_search_words': words },
};

function parts(ctx: ModuleContext) {
  const store = createSearchStore(ctx.db, ctx.dialect);
  const dictionary = new CustomWords(ctx, new Segmenter());
  return { store, dictionary };
}

export function createSearch(ctx: ModuleContext) {
  const { store, dictionary } = parts(ctx);
  const indexer = new Indexer(ctx, dictionary, store);
  indexer.subscribe();
  const service = new SearchService(ctx, dictionary, store);
  return { service, indexer, words: dictionary, routes: searchRoutes(service, dictionary) };
}

/** Rebuilds the whole search index (`hearth search reindex`). */
export function reindexSearch(ctx: ModuleContext, options: { batchSize?: number } = {}): Promise<ReindexCounts> {
  const { store, dictionary } = parts(ctx);
  return rebuildIndex(ctx, dictionary, store, options);
}

export { searchIndexMigrations } from '../../platform/search/index.ts';
export type { ReindexCounts } from './indexer.ts';
