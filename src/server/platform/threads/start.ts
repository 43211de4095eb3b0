import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on our TypeScript. The entry and every file of ours it imports are
 * compiled into one ES module by esbuild (the compiler tsx uses) the first time, and the thread
 * runs that; packages stay outside the bundle and are imported from where this thread resolves
 * them. tsx's loader in the thread would cost a loader thread with a heap of its own for each
 * worker: about 40 MB more per worker.
 *
 * @param entry ES module source whose imports name files by absolute URL (see fileImport)
 */
export async function startWorker(entry: string, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Promise<Worker> {
  let url = bundles.get(entry);
  if (!url) {
    url = bundle(entry);
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

async function bundle(entry: string): Promise<URL> {
  const result = await build({
    stdin: { contents: entry, loader: 'ts', resolveDir: process.cwd() },
    bundle: true, write: false, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent',
    sourcemap: 'inline', banner: { js: 'process.setSourceMapsEnabled(true);' },
    plugins: [{
      name: 'packages-outside',
      setup(on) {
        // A data: module cannot resolve bare names: packages are imported by their resolved URL.
        on.onResolve({ filter: /^[^./]/ }, (args) => (
          args.path.startsWith('node:') ? { external: true } : { path: import.meta.resolve(args.path), external: true }));
        // Each file keeps its own import.meta.url (the bundle's would be the data: URL), so that
        // files it names relative to itself, and createRequire, work as they do unbundled.
        on.onLoad({ filter: /\.ts$/ }, async (args) => ({
          contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
          loader: 'ts',
        }));
      },
    }],
  });
  // A file rather than a data: URL, so that stack traces name it (and map back to our sources).
  const code = result.outputFiles[0]!.text;
  const file = path.join(os.tmpdir(), `hearth-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
  }
  return pathToFileURL(file);
}
