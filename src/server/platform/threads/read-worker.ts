/**
 * A read worker's thread: opens the SQLite file read-only and answers requests with the tasks
 * of the module it was built with, one at a time, each inside one read transaction.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import type { Db } from '../db/index.ts';
import { HearthSqliteDialect } from '../db/sqlite-driver.ts';
import { answerRequests } from './channel.ts';

/** The tasks a module runs on read workers, by name. */
export type ReadTasks = Record<string, (input: never) => Promise<unknown>>;
/** Runs one read statement straight on the worker's connection (see HearthSqliteDriver.readRows). */
export type ReadRows = <R>(text: string, parameters: readonly unknown[]) => R[];

/** What a task module exports: a factory given the worker's connection (through Kysely, and
 * directly for hot reads) and the pool's data. */
export interface ReadTaskModule {
  createReadTasks(db: Db, data: never, readRows: ReadRows): ReadTasks | Promise<ReadTasks>;
}

export interface WorkerSetup {
  sqliteFile: string;
  data: unknown;
}
export interface ReadRequest {
  task: string;
  input: unknown;
  /** When it was asked for (process.hrtime, the same clock on every thread): see readSnapshots. */
  askedAt: bigint;
}

/** The operating system caches the file for every connection; a worker keeps a small page
 * cache of its own (the upper levels of the trees it reads) to keep the server's memory down. */
const READER_CACHE_KIB = 4096;

/**
 * Runs tasks one at a time (the thread runs them one at a time anyway) inside read
 * transactions. Every statement outside a transaction opens and closes one, 6 µs of an idle
 * machine's time against 0.6 for the statement inside one (a search makes five or so), and a
 * task's reads all see the same commit, so a search's catch-up with the change log holds for
 * the rows it then reads.
 *
 * Under load, tasks share a snapshot: taking one (a lock on the WAL's shared memory, and its
 * release) was 8% of a search. A task runs in the open snapshot only if it was asked for
 * before that snapshot was taken, so it still sees every commit made before it was asked for;
 * and a snapshot ends once the thread has run every request it had (the check phase of its
 * event loop) or is SNAPSHOT_MAX_MS old, so that an idle worker never holds the WAL back.
 */
function readSnapshots(sqlite: SqliteDatabase.Database): <T>(askedAt: bigint, task: () => Promise<T>) => Promise<T> {
  const begin = sqlite.prepare('begin');
  const commit = sqlite.prepare('commit');
  let previous: Promise<unknown> = Promise.resolve();
  let ending: NodeJS.Immediate | null = null;
  let takenAt = 0n;
  const end = () => {
    ending = null;
    if (sqlite.inTransaction) commit.run();
  };
  return (askedAt, task) => {
    const turn = previous.then(async () => {
      // A task that awaits (a timer, say) must not have its snapshot ended under it.
      clearImmediate(ending ?? undefined);
      ending = null;
      if (sqlite.inTransaction && (askedAt >= takenAt || process.hrtime.bigint() - takenAt > SNAPSHOT_MAX_NS)) commit.run();
      if (!sqlite.inTransaction) {
        // Read before BEGIN: SQLite takes the snapshot at the first read after it.
        takenAt = process.hrtime.bigint();
        begin.run();
      }
      try {
        return await task();
      } finally {
        // After the requests already waiting: the thread takes them before its check phase.
        ending = setImmediate(end);
      }
    });
    previous = turn.catch(() => undefined);
    return turn;
  };
}

/** The longest that tasks share a snapshot. */
const SNAPSHOT_MAX_NS = 20_000_000n;

/** Serves a task module's tasks on this thread (the entry of the bundle read-pool.ts builds). */
export async function serveReadTasks(module: ReadTaskModule): Promise<void> {
  const setup = workerData as WorkerSetup;
  const sqlite = new SqliteDatabase(setup.sqliteFile, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${READER_CACHE_KIB}`);
  const dialect = new HearthSqliteDialect(sqlite);
  const db: Db = new Kysely({ dialect });
  const tasks = await module.createReadTasks(db, setup.data as never, (text, parameters) => dialect.driver.readRows(text, parameters));
  const snapshot = readSnapshots(sqlite);
  answerRequests(({ task, input, askedAt }: ReadRequest) => {
    const run = tasks[task];
    if (!run) throw new Error(`no read task called ${task}`);
    return snapshot(askedAt, () => run(input as never));
  });
  parentPort!.postMessage({ ready: true });
}
