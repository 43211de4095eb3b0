// `npm test`: the whole suite on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';

const pgUrl = process.env.TEST_DATABASE_URL;
const notice = pgUrl
  ? `PostgreSQL suite: enabled (TEST_DATABASE_URL=${pgUrl.replace(/:[^:@/]*@/, ':***@')})`
  : 'PostgreSQL suite: NOT RUN. Every data test ran on SQLite only.\n' +
    '  To run it on PostgreSQL too: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test';
console.log(`\n${notice}\n`);
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
console.log(`\n${notice}`);
process.exit(result.status ?? 1);
