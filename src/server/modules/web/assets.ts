import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompressibleBody } from '../../platform/http/index.ts';

/** Where `npm run build` puts the web app. */
export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../dist/web');

export interface WebAssets {
  scripts: string[];
  /** The app's stylesheets, linked rather than inlined: a reader opens many pages, and a
   * hashed, immutably cached file costs its 23 KB once instead of on every page. */
  styles: string[];
}

/** Reads Vite's manifest for the entry's hashed files; none when the app is not built
 * (pages are still served, as plain server-rendered HTML). */
export function readAssets(dir = webDistDir): WebAssets {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; css?: string[]; isEntry?: boolean }>;
    const entry = Object.values(manifest).find((e) => e.isEntry);
    if (!entry) return { scripts: [], styles: [] };
    return { scripts: [`/${entry.file}`], styles: (entry.css ?? []).map((c) => `/${c}`) };
  } catch {
    return { scripts: [], styles: [] };
  }
}

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** A built asset by its public path, or null; never a file outside the assets folder. */
export function readAsset(name: string, dir = webDistDir): { body: Buffer; type: string } | null {
  const base = path.join(dir, 'assets');
  const file = path.resolve(base, name);
  if (!file.startsWith(base + path.sep)) return null;
  const type = types[path.extname(file)];
  if (!type) return null;
  try {
    return { body: fs.readFileSync(file), type };
  } catch {
    return null;
  }
}

/**
 * The built files in memory, each read once and compressed once per encoding on first ask:
 * their names carry a content hash, so a file once read never changes. Only files that exist
 * are kept, so the map is bounded by the build.
 */
export class AssetFiles {
  private readonly files = new Map<string, { body: CompressibleBody; type: string }>();

  constructor(private readonly dir = webDistDir) {}

  get(name: string): { body: CompressibleBody; type: string } | null {
    const known = this.files.get(name);
    if (known) return known;
    const asset = readAsset(name, this.dir);
    if (!asset) return null;
    const file = { body: new CompressibleBody(asset.body), type: asset.type };
    this.files.set(name, file);
    return file;
  }
}
