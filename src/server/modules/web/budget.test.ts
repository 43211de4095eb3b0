import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from 'vite';

/** The budget: what a phone downloads before the home page can run. */
const INITIAL_JS_BUDGET = 170 * 1024;

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;

describe('web app bundle', () => {
  it(`keeps the home page's initial JavaScript within ${INITIAL_JS_BUDGET / 1024} KB gzipped`, async () => {
    const root = path.resolve(import.meta.dirname, '../../../..');
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-web-build-'));
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: path.join(root, 'src/web'), configFile: path.join(root, 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const manifest = JSON.parse(fs.readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
      const entry = Object.entries(manifest).find(([, e]) => e.isEntry);
      expect(entry).toBeDefined();
      // The entry and every chunk it imports statically load before the page is interactive.
      const files = new Set<string>();
      const visit = (key: string) => {
        const chunk = manifest[key];
        if (!chunk || files.has(chunk.file)) return;
        files.add(chunk.file);
        chunk.imports?.forEach(visit);
      };
      visit(entry![0]);
      const gzipped = [...files].reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(outDir, f)), { level: 9 }).length, 0);
      console.log(`initial JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped in ${files.size} file(s)`);
      expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
    } finally {
      process.env.NODE_ENV = nodeEnv;
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
