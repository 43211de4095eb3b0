import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import { ReadWorkers } from '../../platform/threads/index.ts';
import { createSearchStore, Segmenter } from '../../platform/search/index.ts';
import { fillRecentIndex, Indexer, rebuildIndex, type RebuildOptions, type ReindexCounts } from './indexer.ts';
import * as words from './migrations/20261126T0731_search_words.ts';
import * as shownChanges from './migrations/20261127T1700_search_shown_changes.ts';
import * as shownView from './migrations/20261127T2200_search_shown_view.ts';
import * as shownChangesPostgres from './migrations/20261127T2300_search_shown_changes_postgres.ts';
import { searchRoutes } from './routes.ts';
import { SearchService } from './service.ts';
import { ShownCache, trimShownChanges } from './shown-cache.ts';
import { PostgresShownChanges, trimPostgresShownChanges } from './shown-changes-postgres.ts';
import { CustomWords } from './words.ts';
import './messages.ts';
import './tables.ts';

export const searchModule: ModuleDefinition = {
  name: 'search',
  migrations: {
    '20261126T0731_search_words': words,
    '20261127T1700_search_shown_changes': shownChanges,
    '20261127T2200_search_shown_view': shownView,
    '20261127T2300_search_shown_changes_postgres': shownChangesPostgres,
  },
};

function parts(ctx: ModuleContext) {
  const store = createSearchStore(ctx.db, ctx.dialect, { bandBudget: ctx.config.searchBandBudget, recentItems: ctx.config.searchRecentItems });
  const dictionary = new CustomWords(ctx, new Segmenter());
  return { store, dictionary };
}

/** How often the index is tidied in the background (see SearchStore.backgroundMaintenance):
 * each run is a few short steps, so often enough to keep up with a steady stream of writes. */
const MAINTENANCE_MS = 1000;
/** How often the log of changes the read workers follow is trimmed (see shown-cache.ts). */
const TRIM_CHANGES_MS = 60_000;

export function createSearch(ctx: ModuleContext) {
  const { store, dictionary } = parts(ctx);
  const indexer = new Indexer(ctx, dictionary, store);
  indexer.subscribe();
  // On a SQLite file, searches run on read workers beside the HTTP thread (see reader.ts).
  const readers = ctx.sqliteFile && ctx.config.searchWorkers > 0
    ? new ReadWorkers({
      sqliteFile: ctx.sqliteFile,
      tasks: new URL('./reader.ts', import.meta.url),
      data: { bandBudget: ctx.config.searchBandBudget, recentItems: ctx.config.searchRecentItems },
      size: ctx.config.searchWorkers,
    })
    : null;
  // On PostgreSQL, searches run here and keep what they show here (see shown-changes-postgres.ts).
  const shown = ctx.dialect === 'postgres' ? new PostgresShownChanges(new ShownCache()) : null;
  const service = new SearchService(ctx, dictionary, store, readers, shown);
  let timer: NodeJS.Timeout | undefined;
  let trimTimer: NodeJS.Timeout | undefined;
  const stopping = new AbortController();
  /** An empty index beside existing members means it was never built, a migration emptied it
   * (a new index format) or a seed stopped while building it: rebuild it in the background,
   * serving meanwhile. */
  async function rebuildIfEmpty(): Promise<void> {
    if (!(await store.isEmpty())) return;
    if (!(await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst())) return;
    ctx.log.warn('search index is empty: rebuilding it in the background');
    rebuildIndex(ctx, dictionary, store, { signal: stopping.signal })
      .then((counts) => ctx.log.warn({ counts }, 'search index rebuilt'))
      .catch((err: unknown) => { if (!stopping.signal.aborted) ctx.log.error({ err }, 'search index rebuild failed'); });
  }
  return {
    service, indexer, words: dictionary, routes: searchRoutes(service, dictionary),
    async start(): Promise<void> {
      // Building jieba takes about 150 ms on this machine: at start, not inside the first
      // write or search (a WebSocket bench saw that first reply's notification 200 ms late).
      await dictionary.ready();
      const step = await store.backgroundMaintenance();
      if (step) {
        let running = false;
        timer = setInterval(() => {
          if (running) return;
          running = true;
          step().catch((err: unknown) => ctx.log.error({ err }, 'search index maintenance failed')).finally(() => { running = false; });
        }, MAINTENANCE_MS);
        timer.unref();
      }
      // The triggers write the log on every database, whoever reads it.
      const marks: { at: number; xmin: string }[] = [];
      const trim = () => (ctx.dialect === 'postgres' ? trimPostgresShownChanges(ctx.db, marks) : trimShownChanges(ctx.db))
        .catch((err: unknown) => ctx.log.error({ err }, 'trimming the search change log failed'));
      await trim();
      trimTimer = setInterval(trim, TRIM_CHANGES_MS);
      trimTimer.unref();
      await rebuildIfEmpty();
      fillRecentIndex(ctx, dictionary, store, stopping.signal)
        .then((added) => { if (added > 0) ctx.log.warn({ added }, 'recent search index filled'); })
        .catch((err: unknown) => { if (!stopping.signal.aborted) ctx.log.error({ err }, 'filling the recent search index failed'); });
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      clearInterval(trimTimer);
      stopping.abort();
      await readers?.close();
    },
  };
}

/** Rebuilds the whole search index (`hearth search reindex`). */
export function reindexSearch(ctx: ModuleContext, options: RebuildOptions = {}): Promise<ReindexCounts> {
  const { store, dictionary } = parts(ctx);
  return rebuildIndex(ctx, dictionary, store, options);
}

export { searchIndexMigrations } from '../../platform/search/index.ts';
export type { ReindexCounts, RebuildOptions } from './indexer.ts';
