/**
 * Worker threads for our TypeScript (start.ts), and read workers: heavy read-only work
 * (search) on worker threads, each with its own read-only SQLite connection, so that it runs on
 * the second core beside the thread serving HTTP.
 */
export { startWorker, fileImport, workerReady } from './start.ts';
export { WorkerChannel, answerRequests } from './channel.ts';
export { ReadWorkers, type ReadWorkersOptions } from './read-pool.ts';
export type { ReadRows, ReadTasks, ReadTaskModule } from './read-worker.ts';
