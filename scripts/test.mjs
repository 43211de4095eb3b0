// `npm test`: the whole suite on SQLite, on PostgreSQL too when TEST_DATABASE_URL is set, then
// the browser tests when Chromium is installed (required in CI). Each part says plainly
// whether it ran. Arguments (file filters) run just those unit tests.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const pgUrl = process.env.TEST_DATABASE_URL;
const pgNotice = pgUrl
  ? `PostgreSQL suite: enabled (TEST_DATABASE_URL=${pgUrl.replace(/:[^:@/]*@/, ':***@')})`
  : 'PostgreSQL suite: NOT RUN. Every data test ran on SQLite only.\n' +
    '  To run it on PostgreSQL too: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test';
console.log(`\n${pgNotice}\n`);
const unit = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit' }).status ?? 1;
console.log(`\n${pgNotice}\n`);
if (unit !== 0 || args.length > 0) process.exit(unit);

console.log('--- browser tests (npm run test:browser)');
const browser = spawnSync('node', ['scripts/test-browser.mjs'], { stdio: 'inherit' }).status ?? 1;
console.log(`\n${pgNotice}`);
process.exit(browser);
