import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundleTypeScript } from './bundle.mjs';

/**
 * Starts a worker thread on our TypeScript: the entry and what it imports, bundled by esbuild
 * (see bundle.mjs), as the server itself runs. Bundled at each start (a tenth of a second;
 * workers start rarely), so that a bundle file removed meanwhile is written again.
 *
 * @param entry ES module source whose imports name files by absolute path (see fileImport)
 */
export async function startWorker(entry: string, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Promise<Worker> {
  return new Worker(await bundleTypeScript(entry, 'worker'), options);
}

/** The specifier that imports this file from a worker entry. */
export function fileImport(file: URL): string {
  return JSON.stringify(fileURLToPath(file));
}

/** Resolves once the worker says it is ready; rejects if it fails or exits before. */
export function workerReady(worker: Worker, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ${what} worker exited (${code}) before it was ready`)));
  });
}
