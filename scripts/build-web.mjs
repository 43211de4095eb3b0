// Builds the web app into dist/web. `--if-missing` skips the build when one is there already
// (what `npm start` does, so a fresh checkout serves the app without a separate step).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = path.join(root, 'dist/web/.vite/manifest.json');

if (process.argv.includes('--if-missing') && fs.existsSync(manifest)) process.exit(0);

let vite;
try {
  vite = await import('vite');
} catch {
  console.error('The web app is not built and Vite is not installed (it is a dev dependency): run `npm install` then `npm run build`.');
  process.exit(process.argv.includes('--if-missing') ? 0 : 1);
}
console.log('Building the web app into dist/web …');
await vite.build({ root: path.join(root, 'src/web'), configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
console.log('Web app built.');
