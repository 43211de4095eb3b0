import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import WebSocket from 'ws';

/**
 * autocannon 8 appends every response body to a string (`body += chunk`), decoding it as
 * UTF-8, though nothing here reads it. On this 2-core machine the load generator shares the
 * CPU with the server, and that decoding was the limit for every body but the smallest: a bare
 * Fastify route sending 7 KB of compressed (binary) bytes served 11,000/s, the same route
 * 59,000/s once bodies were only counted (bytes are counted as they arrive, apart from this).
 * So bodies are dropped unread. The check keeps an autocannon that changed its internals from
 * being measured the old way unnoticed.
 */
function countBodiesWithoutDecoding(): void {
  const queue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody?: unknown } };
  if (typeof queue.prototype.addBody !== 'function') throw new Error('autocannon changed: PipelinedRequestsQueue.addBody is gone (see bench/measure.ts)');
  queue.prototype.addBody = () => {};
}
countBodiesWithoutDecoding();

export interface LoadResult {
  name: string;
  available: boolean;
  note?: string;
  rps?: number;
  p50?: number;
  p99?: number;
  max?: number;
  errors?: number;
  requests?: number;
  rssMiB?: number | null;
  /** Bare hello's rate measured just before this endpoint (see run.ts): its ratio's yardstick. */
  helloRps?: number;
  /** For an endpoint with a large body: its size, and the rate at which bare Fastify sent a
   * body of that size in the same run (what the load generator can take in at that size). */
  bodyBytes?: number;
  sameBytesRps?: number;
}

/** Comments written under load, and how long the event handlers took to catch up after it. */
export interface SustainedWrites {
  comments: number;
  loadMs: number;
  drainMs: number;
  drained: boolean;
  /** Comments per second from the start of the load until the last event was handled. */
  perSec: number;
}

export interface LoadSpec {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request's path and body, so that every request can differ. */
  next?: () => { path: string; body?: string };
}

export interface LoadSettings {
  duration: number;
  warmup: number;
  connections: number;
}

/** autocannon's run and each 2xx answer's latency as measured (its histogram keeps whole
 * milliseconds, and the p50 of a cached read is 1-5 ms: growth and PostgreSQL ratios of
 * whole milliseconds said 2.00× for 2 ms against 4 ms). */
function fire(spec: LoadSpec, connections: number, duration: number): Promise<{ result: autocannon.Result; latencies: Float64Array }> {
  const base = new URL(spec.url);
  const opts: autocannon.Options = {
    url: base.origin,
    connections,
    duration,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    requests: [{
      method: spec.method ?? 'GET',
      path: base.pathname + base.search,
      ...(spec.next ? {
        setupRequest: (req: autocannon.Request) => {
          const n = spec.next!();
          return { ...req, path: n.path, ...(n.body !== undefined ? { body: n.body } : {}) };
        },
      } : {}),
    }],
  };
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, latencies: latencies.subarray(0, count) })));
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status < 200 || status > 299) return;
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = ms;
    });
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

/** Milliseconds to a tenth. */
const tenth = (ms: number) => Math.round(ms * 10) / 10;

/** Warms the route up, then measures it; errors count every non-2xx answer, timeout and socket error. */
export async function load(spec: LoadSpec, settings: LoadSettings, rss: () => number | null): Promise<LoadResult> {
  if (settings.warmup > 0) await fire(spec, settings.connections, settings.warmup);
  const { result: r, latencies } = await fire(spec, settings.connections, settings.duration);
  const sorted = latencies.sort();
  return {
    name: spec.name,
    available: true,
    rps: Math.round(r.requests.average),
    p50: tenth(percentile(sorted, 50)),
    p99: tenth(percentile(sorted, 99)),
    max: tenth(sorted[sorted.length - 1] ?? NaN),
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
    rssMiB: rss(),
  };
}

/**
 * The physical limit of a durable write on this disk: one-row transactions on a fresh SQLite
 * file in WAL mode with synchronous=FULL, one after another, for `seconds`.
 */
export function durableCommitRate(dir: string, seconds: number): number {
  const file = path.join(dir, `commit-probe-${process.pid}.db`);
  const db = new SqliteDatabase(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, v text)');
    const insert = db.prepare('insert into t (v) values (?)');
    const end = Date.now() + seconds * 1000;
    let n = 0;
    while (Date.now() < end) {
      insert.run('x'.repeat(100));
      n++;
    }
    return Math.round(n / seconds);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

export interface FanoutResult {
  available: boolean;
  note?: string;
  clients?: number;
  rounds?: number;
  delivered?: number;
  missed?: number;
  p50?: number;
  p99?: number;
  max?: number;
  connectMs?: number;
  rssMiB?: number | null;
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `sessions.length` sockets, all signed in as the author of a post; each round one reply to
 * that post must reach every socket. Latency runs from sending the reply to each arrival.
 */
export async function fanout(base: string, sessions: string[], rounds: number, reply: (i: number) => Promise<void>,
  rss: () => number | null): Promise<FanoutResult> {
  const wsUrl = `${base.replace(/^http/, 'ws')}/api/v1/stream`;
  const probe = await fetch(`${base}/api/v1/stream`);
  if (probe.status === 404) return { available: false, note: 'not available (no /api/v1/stream in this build)' };
  const started = Date.now();
  const sockets: WebSocket[] = [];
  let roundStart = 0;
  let arrivals: number[] = [];
  let waiting: (() => void) | null = null;
  let expected = 0;
  await Promise.all(sessions.map((token) => new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers: { cookie: `hearth_session=${token}`, origin: base } });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { type: string };
      if (msg.type === 'hello') resolve();
      if (msg.type === 'notification' && roundStart > 0) {
        arrivals.push(Date.now() - roundStart);
        if (arrivals.length === expected) waiting?.();
      }
    });
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`stream answered ${res.statusCode}`)));
    sockets.push(ws);
  })));
  const connectMs = Date.now() - started;
  const all: number[] = [];
  let missed = 0;
  try {
    // Round -1 warms the path up (first use of each handler and of the sockets); not counted.
    for (let i = -1; i < rounds; i++) {
      arrivals = [];
      expected = sessions.length;
      const done = new Promise<void>((resolve) => { waiting = resolve; });
      roundStart = Date.now();
      await reply(i);
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
      if (i < 0) continue;
      all.push(...arrivals);
      missed += sessions.length - arrivals.length;
    }
  } finally {
    for (const ws of sockets) ws.terminate();
  }
  all.sort((a, b) => a - b);
  return {
    available: true, clients: sessions.length, rounds, delivered: all.length, missed,
    p50: percentile(all, 50), p99: percentile(all, 99), max: all[all.length - 1] ?? NaN, connectMs, rssMiB: rss(),
  };
}
