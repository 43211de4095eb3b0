import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundleTypeScript } from './bundle.mjs';

/**
 * Starts a worker thread on our TypeScript: the entry and what it imports, bundled by esbuild
 * the first time (see bundle.mjs), as the server itself runs.
 *
 * @param entry ES module source whose imports name files by absolute path (see fileImport)
 */
export async function startWorker(entry: string, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Promise<Worker> {
  let url = bundles.get(entry);
  if (!url) {
    url = bundleTypeScript(entry, 'worker');
    bundles.set(entry, url);
    url.catch(() => bundles.delete(entry));
  }
  return new Worker(await url, options);
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

const bundles = new Map<string, Promise<URL>>();
