import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './index.ts';
import { dbTargets, TestClient } from '../testing/index.ts';

/**
 * "Nothing acknowledged is lost": a real server process is killed with SIGKILL in the middle
 * of a burst of writes, again and again; every write that got a 2xx must be there afterwards
 * and the database must pass its integrity check. HEARTH_CRASH_ROUNDS sets the number of kills.
 */
const rounds = Number(process.env.HEARTH_CRASH_ROUNDS ?? 8);
const root = path.resolve(import.meta.dirname, '../../../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'bin/hearth.mjs'), ...args], {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for the server');
}

describe.each(dbTargets())('durability on $name', (target) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-crash-'));
  const dbName = `hearth_crash_${randomBytes(4).toString('hex')}`;
  let databaseUrl = '';
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (target.url) {
      const admin = new pg.Client({ connectionString: target.url });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });

  it(`keeps every acknowledged write across ${rounds} kill -9 crashes`, async () => {
    if (target.url) {
      const admin = new pg.Client({ connectionString: target.url });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const url = new URL(target.url);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();
    }
    const env = { HEARTH_DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
    const password = 'crash test passphrase';
    const create = run(['user', 'create', '--username', 'crashadmin', '--email', 'crash@example.test', '--password', password, '--role', 'admin'], env);
    expect(await new Promise((r) => create.on('exit', r))).toBe(0);

    const acked: string[] = [];
    let postId = '';
    let token = '';
    for (let round = 0; round < rounds; round++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = run(['start'], { ...env, PORT: String(port), HEARTH_BASE_URL: base });
      const exited = new Promise((r) => server.on('exit', r));
      await until(async () => (await fetch(`${base}/healthz`)).ok, 20_000);
      if (!token) {
        const admin = new TestClient(base);
        expect((await admin.post('/api/v1/auth/login', { login: 'crashadmin', password })).status).toBe(200);
        token = (await admin.post('/api/v1/me/tokens', { name: 'crash' })).body.token;
        const cat = await admin.post('/api/v1/categories', { slug: 'crash', name: 'Crash' });
        const post = await admin.post('/api/v1/posts', { categoryId: cat.body.category.id, title: 'survives', body: 'x' });
        postId = post.body.post.id;
      }
      const client = new TestClient(base).withToken(token);
      let stop = false;
      const writers = Array.from({ length: 6 }, async () => {
        while (!stop) {
          const res = await client.post(`/api/v1/posts/${postId}/comments`, { body: `round ${round}` }).catch(() => null);
          if (res?.status === 201) acked.push(res.body.comment.id);
          else if (res) throw new Error(`unexpected ${res.status}`);
          else return;
        }
      });
      // Kill in the middle of the burst: once a few writes of this round are acknowledged,
      // at a random moment shortly after.
      const before = acked.length;
      await until(async () => acked.length >= before + 3, 30_000);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 200)));
      server.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await exited;
    }

    // Started once more, the server shows the post with every stored comment counted (counts
    // that a crash left pending are folded at start).
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = run(['start'], { ...env, PORT: String(port), HEARTH_BASE_URL: base });
    const exited = new Promise((r) => server.on('exit', r));
    await until(async () => (await fetch(`${base}/healthz`)).ok, 20_000);
    const shown = (await new TestClient(base).get(`/api/v1/posts/${postId}`)).body.post.commentCount;
    server.kill('SIGTERM');
    await exited;

    const handle = await openDb(databaseUrl || `sqlite:${path.join(dataDir, 'hearth.db')}`);
    try {
      const stored = new Set((await handle.db.selectFrom('comments').select('id').execute()).map((r) => r.id));
      const lost = acked.filter((id) => !stored.has(id));
      expect(acked.length).toBeGreaterThanOrEqual(rounds * 3);
      expect(lost).toEqual([]);
      expect(shown).toBe(stored.size);
      const post = await handle.db.selectFrom('posts').select('comment_count').where('id', '=', postId).executeTakeFirstOrThrow();
      expect(post.comment_count).toBe(stored.size);
      if (handle.dialect === 'sqlite') {
        const { sql } = await import('kysely');
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db);
        expect(check.rows[0]?.integrity_check).toBe('ok');
      }
    } finally {
      await handle.close();
    }
  }, 180_000);
});
