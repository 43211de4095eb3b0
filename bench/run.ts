/**
 * `npm run bench`: seeds a community, starts the real server as a child process and measures
 * it with autocannon beside a bare Fastify hello route, the bare durable commit rate and a
 * WebSocket fan-out. Writes bench/results/<time>-<db>-<preset>.{json,md} and the README table.
 *
 *   npm run bench -- [--preset tiny|small|large] [--duration S] [--warmup S] [--connections N]
 *                    [--ws-clients N] [--ws-rounds N] [--data-dir DIR] [--database-url URL]
 *                    [--reseed] [--out DIR] [--no-readme] [--only NAME,NAME]
 *
 * Flags may also come from the environment: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_DATABASE_URL.
 * BENCH_CPU_PROFILE=DIR writes a V8 CPU profile of the server to DIR (open it in Chrome DevTools).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb } from '../src/server/platform/db/index.ts';
import { Rng } from '../src/server/modules/seed/random.ts';
import { TextMaker } from '../src/server/modules/seed/text.ts';
import { enWords, zhWords } from '../src/server/modules/seed/words.ts';
import { prepareFixtures } from './fixtures.ts';
import { durableCommitRate, fanout, load, type LoadResult, type LoadSettings, type LoadSpec, type SustainedWrites } from './measure.ts';
import { freePort, root, rssMiB, run, runToEnd, waitFor } from './processes.ts';
import { growthAgainst, markdown, updateReadme, versusSqlite, writeReport, type Report } from './report.ts';

const presets = {
  tiny: { users: 200, posts: 1_000, comments: 5_000 },
  small: { users: 2_000, posts: 10_000, comments: 50_000 },
  large: { users: 100_000, posts: 1_000_000, comments: 5_000_000 },
} as const;

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: 'small' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '50' },
    'ws-clients': { type: 'string', default: '1000' },
    'ws-rounds': { type: 'string', default: '20' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? '' },
    reseed: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-readme': { type: 'boolean', default: false },
    // Comma-separated parts of endpoint names ("search", "post page", "websocket", "write"):
    // measures only those, for profiling one endpoint; such a partial run never updates the README
    // and writes its report to the temporary directory, where later runs do not compare with it.
    only: { type: 'string', default: '' },
  },
});

if (!(args.preset! in presets)) throw new Error(`--preset must be one of ${Object.keys(presets).join(', ')}`);
const preset = args.preset as keyof typeof presets;
const size = presets[preset];
const settings: LoadSettings = { duration: Number(args.duration), warmup: Number(args.warmup), connections: Number(args.connections) };
const dataDir = path.resolve(args['data-dir'] ?? path.join(os.tmpdir(), `hearth-bench-${preset}`));
const databaseUrl = args['database-url'] || `sqlite:${path.join(dataDir, 'hearth.db')}`;
const env = { HEARTH_DATA_DIR: dataDir, DATABASE_URL: args['database-url'] || '', LOG_LEVEL: 'warn' };
const only = args.only!.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
const wanted = (name: string) => only.length === 0 || only.some((o) => name.toLowerCase().includes(o));
args.out ??= only.length === 0 ? path.join(root, 'bench/results') : path.join(os.tmpdir(), 'hearth-bench-partial');
/** Answers from this size up, sent uncompressed, are measured beside bare Fastify sending the
 * same number of bytes: the load generator's own ceiling at that size. */
const SAME_BYTES_FROM = 16 * 1024;
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

async function ensureDatabase(): Promise<void> {
  if (!databaseUrl.startsWith('postgres')) return;
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await admin.query(`create database "${name.replace(/"/g, '')}"`);
  await admin.end();
}

async function counts() {
  const handle = await openDb(databaseUrl);
  try {
    const n = async (t: 'users' | 'posts' | 'comments') =>
      Number((await handle.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { users: await n('users'), posts: await n('posts'), comments: await n('comments') };
  } catch {
    return { users: 0, posts: 0, comments: 0 };
  } finally {
    await handle.close();
  }
}

/** One- and two-word queries over the corpus vocabulary, Chinese and English, common and rare. */
function searchQuery(): string {
  const pick = () => {
    const words = Math.random() < 0.6 ? zhWords : enWords;
    return words[Math.floor(Math.random() * words.length)]!;
  };
  return Math.random() < 0.35 ? pick() : `${pick()} ${pick()}`;
}

/** Comments on the post under test, and events the server has stored but not yet handled. */
async function writeProgress(postId: string): Promise<{ comments: number; pending: number }> {
  const handle = await openDb(databaseUrl);
  try {
    const { db } = handle;
    const comments = await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('post_id', '=', postId).executeTakeFirstOrThrow();
    const pending = await db.selectFrom('event_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { comments: Number(comments.n), pending: Number(pending.n) };
  } finally {
    await handle.close();
  }
}

/** After the write load: waits (up to two minutes) until the server has handled every event the
 * comments raised, so that the write rate counts only what the handlers kept up with. */
async function waitForHandlers(postId: string, commentsBefore: number, started: number): Promise<SustainedWrites> {
  const loadEnded = Date.now();
  let progress = await writeProgress(postId);
  while (progress.pending > 0 && Date.now() - loadEnded < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    progress = await writeProgress(postId);
  }
  const end = Date.now();
  const comments = progress.comments - commentsBefore;
  return {
    comments, loadMs: loadEnded - started, drainMs: end - loadEnded, drained: progress.pending === 0,
    perSec: Math.round(comments / ((end - started) / 1000)),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  await ensureDatabase();
  // A fresh SQLite file, so that a reseed never depends on the migration history of an old one.
  if (args.reseed && !databaseUrl.startsWith('postgres')) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `hearth.db${suffix}`), { force: true });
  }
  let data = await counts();
  if (args.reseed || data.posts === 0) {
    log(`seeding preset ${preset} into ${databaseUrl}`);
    await runToEnd([path.join(root, 'bin/hearth.mjs'), 'seed', '--users', String(size.users), '--posts', String(size.posts),
      '--comments', String(size.comments), '--force'], env);
    data = await counts();
  } else {
    log(`reusing the seeded database at ${databaseUrl} (--reseed to rebuild)`);
  }

  const handle = await openDb(databaseUrl);
  const wsClients = Number(args['ws-clients']);
  const fx = await prepareFixtures(handle, wsClients);
  await handle.close();
  log(`post under test ${fx.postId} (${fx.postComments} comments)`);

  log('bare durable commits');
  fs.mkdirSync(dataDir, { recursive: true });
  const durableCommitsPerSec = durableCommitRate(dataDir, Math.min(3, Math.max(1, settings.duration / 4)));

  log('bare Fastify hello');
  const helloPort = await freePort();
  const hello = run(['--import', 'tsx', path.join(root, 'bench/hello.ts'), String(helloPort)], {});
  await waitFor(`http://127.0.0.1:${helloPort}/`, 20_000, hello);
  const helloSpec = { name: 'bare Fastify hello', url: `http://127.0.0.1:${helloPort}/` };
  const helloResult = await load(helloSpec, settings, () => rssMiB(hello.proc.pid));
  // The yardstick again right before each endpoint: this machine's speed drifts within a run
  // (bare hello from 22,000 to 42,000/s within minutes), and a ratio to a figure measured
  // minutes earlier says more about the drift than about the endpoint.
  const shortHello = { duration: Math.max(1, Math.round(settings.duration / 4)), warmup: Math.min(1, settings.warmup), connections: settings.connections };
  const helloNow = async () => (await load(helloSpec, shortHello, () => null)).rps;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`starting hearth on ${base}`);
  // The server runs with the Node.js flags and environment `npm start` gives it (the heap limit
  // and MALLOC_ARENA_MAX keep RSS down).
  const startScript = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const startCommand = /((?:[A-Z_]+=\S+ )*)node ((?:--\S+ )*)bin\/hearth\.mjs start/.exec(startScript);
  const startEnv = Object.fromEntries((startCommand?.[1] ?? '').trim().split(' ').filter(Boolean).map((a) => a.split('=') as [string, string]));
  const nodeFlags = startCommand?.[2]?.trim().split(' ').filter(Boolean) ?? [];
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  const server = run([...nodeFlags, ...profile, path.join(root, 'bin/hearth.mjs'), 'start'], { ...startEnv, ...env, PORT: String(port), HEARTH_BASE_URL: base });
  await waitFor(`${base}/healthz`, 120_000, server);
  const rss = () => rssMiB(server.proc.pid);
  let peakRss = 0;
  const track = () => { const v = rss(); if (v && v > peakRss) peakRss = v; return v; };

  const auth = { authorization: `Bearer ${fx.writerToken}`, 'content-type': 'application/json' };
  // Comments written as the seed writes them (Zipf-distributed words, realistic lengths), so
  // that the words of the newest items keep their proportions: comments that each held the
  // next word of the vocabulary made every word equally common among them, and a search run
  // after this bench on the same database judged common words rare.
  const text = new TextMaker(new Rng(Date.now()));
  const commentBody = () => JSON.stringify({ body: text.commentBody(text.pickChinese()).join('\n\n') });
  // Reads are asked for as a browser asks (every browser accepts compressed answers), and a
  // list and the post page also as a client that accepts only the plain text.
  const browser = { 'accept-encoding': 'gzip, deflate, br' };
  const specs: LoadSpec[] = [
    { name: 'posts latest', url: `${base}/api/v1/posts?sort=latest`, headers: browser },
    { name: 'posts latest (uncompressed)', url: `${base}/api/v1/posts?sort=latest` },
    { name: 'posts hot', url: `${base}/api/v1/posts?sort=hot`, headers: browser },
    { name: 'post', url: `${base}/api/v1/posts/${fx.postId}`, headers: browser },
    { name: 'comments', url: `${base}/api/v1/posts/${fx.postId}/comments`, headers: browser },
    {
      name: 'search', url: `${base}/api/v1/search?q=${encodeURIComponent(searchQuery())}`, headers: browser,
      next: () => ({ path: `/api/v1/search?q=${encodeURIComponent(searchQuery())}` }),
    },
    { name: 'post page (HTML)', url: `${base}/posts/${fx.postId}`, headers: browser },
    { name: 'post page (HTML, uncompressed)', url: `${base}/posts/${fx.postId}` },
  ];
  const endpoints: LoadResult[] = [];
  try {
    for (const spec of specs.filter((s) => wanted(s.name))) {
      const probe = await fetch(spec.url);
      const bodyBytes = (await probe.arrayBuffer()).byteLength;
      const isHtml = (probe.headers.get('content-type') ?? '').includes('text/html');
      if (probe.status === 404 || (spec.name.includes('HTML') && !isHtml)) {
        endpoints.push({ name: spec.name, available: false, note: `not available (GET answered ${probe.status})` });
        log(`${spec.name}: not available`);
        continue;
      }
      log(`${spec.name}`);
      const helloRps = await helloNow();
      const result: LoadResult = { ...await load(spec, settings, track), helloRps };
      if (!spec.headers && bodyBytes >= SAME_BYTES_FROM) {
        const sameBytes = { name: `bare Fastify, ${bodyBytes} bytes`, url: `http://127.0.0.1:${helloPort}/bytes/${bodyBytes}` };
        Object.assign(result, { bodyBytes, sameBytesRps: (await load(sameBytes, shortHello, () => null)).rps });
      }
      endpoints.push(result);
    }

    if (wanted('websocket fan-out')) log(`WebSocket fan-out, ${wsClients} clients`);
    const fan = !wanted('websocket fan-out') ? { available: false, note: 'not measured (--only)' } : await fanout(base, fx.sessions, Number(args['ws-rounds']), async (i) => {
      const res = await fetch(`${base}/api/v1/posts/${fx.wsPostId}/comments`, { method: 'POST', headers: auth, body: JSON.stringify({ body: `fan-out ${i}` }) });
      if (res.status !== 201) throw new Error(`reply answered ${res.status}: ${await res.text()}`);
    }, track);

    let sustainedWrites: SustainedWrites | undefined;
    if (wanted('write comment')) {
      log('write comment');
      const before = await writeProgress(fx.postId);
      const helloRps = await helloNow();
      const started = Date.now();
      endpoints.push({ ...await load({
        name: 'write comment', url: `${base}/api/v1/posts/${fx.postId}/comments`, method: 'POST', headers: auth,
        next: () => ({ path: `/api/v1/posts/${fx.postId}/comments`, body: commentBody() }),
      }, settings, track), helloRps });
      sustainedWrites = await waitForHandlers(fx.postId, before.comments, started);
      log(`write comment: ${sustainedWrites.drainMs} ms for the handlers to catch up`);
    }

    const report: Report = {
      startedAt, preset, database: databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite', data, settings,
      machine: { cpus: os.cpus().length, node: process.versions.node },
      hello: helloResult, endpoints, durableCommitsPerSec, fanout: fan, serverRssMiB: Math.max(peakRss, track() ?? 0) || null, sustainedWrites,
    };
    report.growth = growthAgainst(report, args.out!);
    report.versusSqlite = versusSqlite(report, args.out!);
    const files = writeReport(report, args.out!);
    if (!args['no-readme'] && only.length === 0) updateReadme(report, path.join(root, 'README.md'));
    process.stdout.write(`${markdown(report)}\n\nwritten: ${files.json}, ${files.md}\n`);
  } finally {
    await server.stop();
    await hello.stop();
  }
}

await main();
