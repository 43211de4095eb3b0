// `npm run audit:web`: Lighthouse (mobile profile) on the home and a post page of the demo
// community, served by a fresh server on a temporary data directory. Prints the scores,
// saves the reports under test-artifacts/lighthouse/ and updates the table in README.md.
// Not a CI gate: scores move with the machine's load.
/* global fetch, setTimeout */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.AUDIT_PORT ?? 3199);
const base = `http://localhost:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-audit-'));
const outDir = path.join(root, 'test-artifacts/lighthouse');
fs.mkdirSync(outDir, { recursive: true });
const env = { ...process.env, HEARTH_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;

const must = (status, what) => { if (status !== 0) { console.error(`${what} failed`); process.exit(1); } };
must(spawnSync('node', ['scripts/build-web.mjs'], { cwd: root, stdio: 'inherit' }).status, 'build');
must(spawnSync('node', ['bin/hearth.mjs', 'demo'], { cwd: root, env, stdio: 'ignore' }).status, 'demo data');

const server = spawn('node', ['bin/hearth.mjs', 'start'], { cwd: root, env, stdio: 'ignore' });
let chrome;
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not listening yet */ }
    if (i > 120) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  const posts = await (await fetch(`${base}/api/v1/posts?sort=hot&limit=1`)).json();
  const pages = { home: `${base}/`, post: `${base}/posts/${posts.items[0].id}` };

  chrome = await chromeLauncher.launch({
    chromePath: process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows = [];
  for (const [name, url] of Object.entries(pages)) {
    const result = await lighthouse(url, {
      port: chrome.port, output: ['html', 'json'], logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const [html, json] = result.report;
    fs.writeFileSync(path.join(outDir, `${name}.html`), html);
    fs.writeFileSync(path.join(outDir, `${name}.json`), json);
    const c = result.lhr.categories;
    const score = (k) => Math.round((c[k]?.score ?? 0) * 100);
    rows.push({ name, performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo') });
  }
  console.table(rows);
  const table = ['| page | performance | accessibility | best practices | SEO |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} |`)].join('\n');
  const readmePath = path.join(root, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = '<!-- lighthouse:start -->';
  const end = '<!-- lighthouse:end -->';
  const block = `${start}\nLatest \`npm run audit:web\` (Lighthouse 12.2.3, mobile profile, demo community, ${new Date().toISOString().slice(0, 10)}):\n\n${table}\n${end}`;
  if (readme.includes(start)) {
    fs.writeFileSync(readmePath, readme.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block));
    console.log('README.md updated.');
  } else {
    console.log(`README.md has no ${start} … ${end} block; add one to keep these scores there.`);
  }
} finally {
  await chrome?.kill();
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
