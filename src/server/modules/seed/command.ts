import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { openAndMigrate } from '../../app.ts';
import type { Config } from '../../platform/config/index.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import { createModuleContext } from '../../platform/module.ts';
import { forgetSearchIndexStatistics } from '../../platform/search/index.ts';
import { reindexSearch } from '../search/index.ts';
import { databaseBytes, seedCommunity, SeedRefused } from './generate.ts';
import { formatSeconds, Progress } from '../../platform/progress/index.ts';

const presets = {
  small: { users: 2_000, posts: 10_000, comments: 50_000 },
  large: { users: 100_000, posts: 1_000_000, comments: 5_000_000 },
} as const;

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new SeedRefused(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** SQLite's page cache for the index build: 2 GB, or an eighth of the memory if that is less. */
function bulkCacheKiB(): number {
  return Math.min(2 * 1024 * 1024, Math.floor(os.totalmem() / 1024 / 8));
}

/** Builds the search index over the seeded rows with the search module's own bulk reindex. */
async function buildSearchIndex(handle: DbHandle, config: Config, items: number): Promise<string> {
  const ctx = createModuleContext(handle, config, pino({ level: 'warn' }));
  const started = Date.now();
  const progress = new Progress(items);
  progress.setPhase('search index');
  // A bulk load, like the rows before it: no fsync per batch (an interrupted seed is rerun
  // with --force), larger batches, so FTS5 writes fewer, larger segments, and a page cache of
  // SQLite's own large enough to hold the index being built, which FTS5 merges over and over.
  // With 256 MB the merges read it back through the OS, and when the OS reclaimed its page
  // cache mid-build (this machine does, with 17 GB free) the build fell from 5,000 to 1,000
  // items a second.
  if (handle.dialect === 'sqlite') {
    await sql`pragma synchronous = OFF`.execute(handle.db);
    await sql.raw(`pragma cache_size = -${bulkCacheKiB()}`).execute(handle.db);
  }
  const counts = await reindexSearch(ctx, { batchSize: 2000, offline: true, onProgress: (n) => progress.advance(n) });
  if (handle.dialect === 'sqlite') {
    await sql`pragma synchronous = FULL`.execute(handle.db);
    await sql`pragma cache_size = -2000`.execute(handle.db);
  }
  progress.end();
  return `search index: built in ${formatSeconds((Date.now() - started) / 1000)} (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')})`;
}

/** `hearth seed …`; returns the process exit code. */
export async function runSeedCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      preset: { type: 'string' }, users: { type: 'string' }, posts: { type: 'string' }, comments: { type: 'string' },
      seed: { type: 'string' }, force: { type: 'boolean', default: false }, 'no-search': { type: 'boolean', default: false },
    },
  });
  let handle: DbHandle | undefined;
  try {
    if (values.preset !== undefined && !(values.preset in presets)) throw new SeedRefused(`--preset must be small or large, got "${values.preset}"`);
    const base = presets[(values.preset ?? 'small') as keyof typeof presets];
    const options = {
      users: count(values.users, base.users, 'users'),
      posts: count(values.posts, base.posts, 'posts'),
      comments: count(values.comments, base.comments, 'comments'),
      seed: count(values.seed, 1, 'seed'),
      force: values.force,
    };
    handle = await openAndMigrate(config);
    console.error(`seeding ${options.users} users, ${options.posts} posts, ${options.comments} comments (seed ${options.seed}) into ${handle.dialect}`);
    const summary = await seedCommunity(handle, options);
    // The rows' ANALYZE saw the search index empty: FTS5 must not plan by that (see the function).
    if (handle.dialect === 'sqlite') await forgetSearchIndexStatistics(handle.db);
    const searchLine = values['no-search'] ? 'search index: skipped (--no-search)' : await buildSearchIndex(handle, config, summary.users + summary.posts + summary.comments);
    const bytes = await databaseBytes(handle);
    console.log([
      `seeded in ${formatSeconds(summary.seconds)}: ${summary.users} users, ${summary.posts} posts, ${summary.comments} comments, ` +
        `${summary.likes} likes, ${summary.follows} follows, ${summary.tags} tags, ${summary.categories} categories`,
      searchLine,
      `database size: ${(bytes / 1024 / 1024).toFixed(0)} MiB`,
      `every account signs in with the password "${summary.password}"; "${summary.adminUsername}" is an admin`,
    ].join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof SeedRefused) {
      console.error(`seed: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await handle?.close();
  }
}
