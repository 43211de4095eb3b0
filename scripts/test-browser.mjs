// `npm run test:browser`: builds the web app, then drives Debian's Chromium through the main
// member flows. Without Chromium the tests are skipped (and say so) — except in CI
// (CI=1/true or HEARTH_BROWSER_TESTS=1), where a missing browser is a failure.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';
const required = ['1', 'true'].includes(process.env.CI ?? '') || process.env.HEARTH_BROWSER_TESTS === '1';
if (!fs.existsSync(chromium)) {
  const msg = `Browser tests: Chromium not found at ${chromium} (install it with: apt-get install -y chromium).`;
  if (required) {
    console.error(`${msg}\nThey are required here (CI or HEARTH_BROWSER_TESTS=1): failing.`);
    process.exit(1);
  }
  console.log(`${msg}\nBrowser tests NOT RUN.`);
  process.exit(0);
}
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
if (run('node', ['scripts/build-web.mjs']) !== 0) process.exit(1);
process.exit(run('npx', ['vitest', 'run', '--config', 'src/web/e2e/vitest.config.ts', ...process.argv.slice(2)]));
