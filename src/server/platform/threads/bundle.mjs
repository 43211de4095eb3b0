// Plain JavaScript, so that bin/hearth.mjs can bundle the server before any TypeScript runs.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** Inside the project, so that the bundles import packages from its node_modules. */
const cacheDir = path.join(root, 'node_modules', '.cache', 'hearth');

/**
 * Compiles an entry and every file of ours it imports (TypeScript, TSX) into one ES module
 * with esbuild, writes it to node_modules/.cache/hearth under a name made of its content, and
 * returns its URL. Packages stay outside the bundle. Each file keeps its own import.meta.url,
 * so that files it names relative to itself are found as they are unbundled.
 *
 * Hearth runs this way rather than through tsx's loader: the loader costs a thread with a heap
 * of its own in every process and every worker thread (about 30-40 MB each).
 *
 * @param {string} entry ES module source that imports our files by absolute path
 * @param {string} name the bundle file's prefix
 * @returns {Promise<URL>}
 */
export async function bundleTypeScript(entry, name) {
  const result = await build({
    stdin: { contents: entry, loader: 'ts', resolveDir: root },
    bundle: true, write: false, platform: 'node', format: 'esm', target: 'node20', jsx: 'automatic',
    packages: 'external', logLevel: 'silent',
    plugins: [{
      name: 'own-import-meta-url',
      setup(on) {
        on.onLoad({ filter: /\.(ts|tsx|mjs)$/ }, async (args) => ({
          contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
          loader: args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.ts') ? 'ts' : 'js',
        }));
      },
    }],
  });
  const code = result.outputFiles[0].text;
  const file = path.join(cacheDir, `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(file)) {
    // Marked as in use, so that no other process takes it for an old one (see forgetOldBundles).
    const now = new Date();
    await utimes(file, now, now);
  } else {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
    await forgetOldBundles(name, file);
  }
  return pathToFileURL(file);
}

/** Removes bundles of sources since changed once nobody has asked for them for an hour: a
 * process still running one has loaded it, and a worker's is built again when one starts. */
async function forgetOldBundles(name, kept) {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of await readdir(cacheDir)) {
    const file = path.join(cacheDir, entry);
    if (!entry.startsWith(`${name}-`) || file === kept) continue;
    try {
      if ((await stat(file)).mtimeMs < hourAgo) await unlink(file);
    } catch {
      // Another process removed it first.
    }
  }
}
