import fs from 'node:fs';
import path from 'node:path';
import type { FanoutResult, LoadResult, SustainedWrites } from './measure.ts';

export interface Report {
  startedAt: string;
  preset: string;
  database: 'sqlite' | 'postgres';
  data: { users: number; posts: number; comments: number };
  settings: { duration: number; warmup: number; connections: number };
  machine: { cpus: number; node: string };
  hello: LoadResult;
  endpoints: LoadResult[];
  durableCommitsPerSec: number | null;
  fanout: FanoutResult;
  serverRssMiB: number | null;
  /** The write path with its event handlers (search index, notifications, points) kept up. */
  sustainedWrites?: SustainedWrites;
  /** p50 of this preset ÷ p50 of the other preset's latest run (large over small). */
  growth?: Record<string, P50Ratio>;
  /** On PostgreSQL: p50 here ÷ p50 of the latest SQLite run of the same preset (target ≤ 3). */
  versusSqlite?: Record<string, P50Ratio>;
}

/**
 * One endpoint's p50 over its p50 in another run. The two runs are minutes apart, and this
 * machine's speed drifts by half within minutes (bare hello 20,000 and 37,000/s in two runs ten
 * minutes apart, the cached reads' p50s following it), so each p50 is also scaled by the bare
 * hello rate measured just before it: `scaled` compares the work, `raw` the clock.
 */
export interface P50Ratio {
  scaled: number;
  raw: number;
}

/** Which endpoints are anonymous reads of lists and posts (the cached class, 25% target). */
const anonymousReads = new Set(['posts latest', 'posts hot', 'post', 'comments', 'post page (HTML)']);

function target(r: LoadResult, helloRps: number, commitRate: number | null, sustained: SustainedWrites | undefined): string {
  if (!r.available || r.rps === undefined) return '';
  if (r.name === 'write comment') {
    // The target is judged on the rate the handlers kept up with (see sustainedWrites).
    const rate = sustained?.perSec ?? r.rps;
    const ok = rate >= 1000 && r.errors === 0;
    return `${ok ? 'met' : 'missed'} (≥1,000/s sustained; ${commitRate ? `${((rate / commitRate) * 100).toFixed(0)}% of bare commits` : ''})`;
  }
  const share = r.rps / helloRps;
  const needShare = r.name === 'search' ? 0.04 : anonymousReads.has(r.name) ? 0.25 : 0.08;
  const ok = share >= needShare && (r.p99 ?? Infinity) < 50 && r.errors === 0;
  return `${ok ? 'met' : 'missed'} (p99<50 ms, ≥${needShare * 100}%)`;
}

export function markdown(rep: Report): string {
  const helloRps = rep.hello.rps ?? NaN;
  const lines = [
    `### ${rep.database}, preset ${rep.preset} (${rep.data.users.toLocaleString('en')} users, ${rep.data.posts.toLocaleString('en')} posts, ${rep.data.comments.toLocaleString('en')} comments)`,
    '',
    `${rep.startedAt}, ${rep.machine.cpus} cores, Node ${rep.machine.node}; ${rep.settings.duration} s per endpoint after ${rep.settings.warmup} s warm-up, ${rep.settings.connections} connections.`,
    '',
    '| endpoint | req/s | % of bare hello | bare hello just before | p50 ms | p99 ms | max ms | errors | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| bare Fastify hello | ${helloRps} | 100% | | ${rep.hello.p50} | ${rep.hello.p99} | ${rep.hello.max} | ${rep.hello.errors} | |`,
  ];
  for (const r of rep.endpoints) {
    if (!r.available) {
      lines.push(`| ${r.name} | ${r.note ?? 'not available'} | | | | | | | |`);
      continue;
    }
    const yardstick = r.helloRps ?? helloRps;
    const ceiling = r.sameBytesRps ? `; bare Fastify sending the same ${(r.bodyBytes! / 1024).toFixed(0)} KB: ${r.sameBytesRps}/s` : '';
    lines.push(`| ${r.name} | ${r.rps} | ${((r.rps! / yardstick) * 100).toFixed(1)}% | ${r.helloRps ?? ''} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${target(r, yardstick, rep.durableCommitsPerSec, rep.sustainedWrites)}${ceiling} |`);
  }
  const f = rep.fanout;
  lines.push('');
  lines.push(f.available
    ? `WebSocket fan-out: ${f.clients} clients × ${f.rounds} replies, ${f.delivered} delivered, ${f.missed} missed; p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms (target p99 < 100 ms: ${(f.p99 ?? Infinity) < 100 && f.missed === 0 ? 'met' : 'missed'}); all connected in ${f.connectMs} ms.`
    : `WebSocket fan-out: ${f.note}.`);
  const w = rep.sustainedWrites;
  if (w) {
    lines.push(`Write path with search, notifications and points kept current: ${w.comments.toLocaleString('en')} comments in ${(w.loadMs / 1000).toFixed(1)} s of load (warm-up included), then ${(w.drainMs / 1000).toFixed(1)} s until every event was handled${w.drained ? '' : ' (still not drained: stopped waiting)'}: ${w.perSec}/s sustained.`);
  }
  lines.push(`Bare durable SQLite commits on the same disk: ${rep.durableCommitsPerSec ?? 'n/a'}/s. Server RSS after the run: ${rep.serverRssMiB ?? 'n/a'} MiB (target < 300 MiB).`);
  const ratios = (r: Record<string, P50Ratio>) => Object.entries(r).map(([k, v]) => `${k} ${v.scaled.toFixed(2)}× (${v.raw.toFixed(2)}×)`).join(', ');
  if (rep.growth) {
    lines.push(`Growth, p50 at large ÷ p50 at small, each scaled by the bare hello rate just before it (target ≤ 1.5×; unscaled in brackets): ${ratios(rep.growth)}.`);
  }
  if (rep.versusSqlite) {
    lines.push(`PostgreSQL p50 over SQLite's (same preset), each scaled by the bare hello rate just before it (target ≤ 3×; unscaled in brackets): ${ratios(rep.versusSqlite)}.`);
  }
  return lines.join('\n');
}

function p50Ratios(top: Report, bottom: Report): Record<string, P50Ratio> {
  const out: Record<string, P50Ratio> = {};
  for (const e of top.endpoints) {
    const s = bottom.endpoints.find((x) => x.name === e.name);
    if (!e.available || !s?.available || e.p50 === undefined || !s.p50) continue;
    const raw = e.p50 / s.p50;
    // A run older than the per-endpoint yardstick has only the hello measured at its start.
    const topHello = e.helloRps ?? top.hello.rps;
    const bottomHello = s.helloRps ?? bottom.hello.rps;
    out[e.name] = { raw, scaled: topHello && bottomHello ? raw * (topHello / bottomHello) : raw };
  }
  return out;
}

function latest(dir: string, match: (r: Report) => boolean): Report | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().reverse()) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Report;
    if (match(r)) return r;
  }
  return undefined;
}

/** Compares p50s with the latest saved run of the other preset on the same database. */
export function growthAgainst(rep: Report, dir: string): Record<string, P50Ratio> | undefined {
  const other = rep.preset === 'large' ? 'small' : rep.preset === 'small' ? 'large' : null;
  const prev = other ? latest(dir, (r) => r.preset === other && r.database === rep.database) : undefined;
  if (!prev) return undefined;
  return rep.preset === 'large' ? p50Ratios(rep, prev) : p50Ratios(prev, rep);
}

export function versusSqlite(rep: Report, dir: string): Record<string, P50Ratio> | undefined {
  if (rep.database !== 'postgres') return undefined;
  const sqlite = latest(dir, (r) => r.preset === rep.preset && r.database === 'sqlite');
  return sqlite ? p50Ratios(rep, sqlite) : undefined;
}

export function writeReport(rep: Report, dir: string): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = rep.startedAt.replace(/[:.]/g, '-');
  const base = path.join(dir, `${stamp}-${rep.database}-${rep.preset}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(rep, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, `${markdown(rep)}\n`);
  return { json: `${base}.json`, md: `${base}.md` };
}

/** Replaces this database-and-preset's block in the README's Benchmarks section. */
export function updateReadme(rep: Report, readme: string): void {
  let text = fs.readFileSync(readme, 'utf8');
  if (!text.includes('\n## Benchmarks\n')) {
    text = `${text.trimEnd()}\n\n## Benchmarks\n\n\`npm run bench\` seeds a synthetic community (\`hearth seed\`), starts the real server and measures it with autocannon; see bench/README.md. Latest figures on the development machine:\n`;
  }
  const key = `${rep.database}-${rep.preset}`;
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  const block = `${start}\n${markdown(rep)}\n${end}`;
  const at = text.indexOf(start);
  text = at >= 0 ? text.slice(0, at) + block + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(readme, text);
}
