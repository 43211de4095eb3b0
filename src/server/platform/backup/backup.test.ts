import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type TestServer } from '../testing/index.ts';
import { run } from './archive.ts';
import { BackupError, createBackup, restoreBackup, type BackupTarget, type Manifest } from './index.ts';
import { inventoryPostgres, inventorySqlite, overallChecksum, type Inventory } from './inventory.ts';

/** A place to restore into: an empty data dir, and on PostgreSQL a fresh database. */
interface Site {
  target: BackupTarget;
  inventory(): Promise<Inventory>;
  drop(): Promise<void>;
}

async function freshSite(kind: 'sqlite' | 'postgres', schema: string | undefined): Promise<Site> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-restore-'));
  if (kind === 'sqlite') {
    const file = path.join(dataDir, 'hearth.db');
    return {
      target: { databaseUrl: `sqlite:${file}`, dataDir },
      async inventory() {
        const db = new SqliteDatabase(file, { readonly: true });
        try { return inventorySqlite(db); } finally { db.close(); }
      },
      async drop() { fs.rmSync(dataDir, { recursive: true, force: true }); },
    };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `hearth_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    target: { databaseUrl: url.toString(), dataDir, pgSchema: schema! },
    async inventory() {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try { return await inventoryPostgres(client, schema!); } finally { await client.end(); }
    },
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A copy of a backup whose manifest claims one more user than the archive holds. */
async function tamperedCopy(file: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-tamper-'));
  await run('tar', ['-xzf', file, '-C', dir]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  manifest.tables.users!.rows += 1;
  manifest.checksum = overallChecksum(manifest.tables);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  const out = `${file}.tampered.tar.gz`;
  await run('tar', ['-czf', out, '-C', dir, '.']);
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

describe.each(dbTargets())('backup and restore on $name', (target) => {
  let server: TestServer;
  let schema: string | undefined;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-backups-'));
  const sites: Site[] = [];

  beforeAll(async () => {
    server = await startTestServer(target);
    if (target.name === 'postgres') {
      schema = (await sql<{ s: string }>`select current_schema() as s`.execute(server.hearth.ctx.db)).rows[0]!.s;
    }
    // An upload as the uploads feature stores them: a file under the data dir.
    fs.mkdirSync(path.join(server.config.dataDir, 'uploads', 'ab'), { recursive: true });
    fs.writeFileSync(path.join(server.config.dataDir, 'uploads', 'ab', 'photo.webp'), randomBytes(2048));
  });
  afterAll(async () => {
    await server.close();
    for (const site of sites) await site.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const source = (): BackupTarget => ({ databaseUrl: server.config.databaseUrl, dataDir: server.config.dataDir, ...(schema ? { pgSchema: schema } : {}) });

  it('backs up while members write, and restores exactly what the backup saw', async () => {
    const admin = await server.member({ role: 'admin' });
    const cat = await admin.client.post('/api/v1/categories', { slug: `c${randomBytes(3).toString('hex')}`, name: '讨论' });
    expect(cat.status).toBe(201);
    let stop = false;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; !stop && i < 400; i++) {
        const post = await admin.client.post('/api/v1/posts', { categoryId: cat.body.category.id, title: `帖子 ${i}`, body: `第 ${i} 篇，写于备份期间` });
        expect(post.status).toBe(201);
        const comment = await admin.client.post(`/api/v1/posts/${post.body.post.id}/comments`, { body: `回复 ${i}` });
        expect(comment.status).toBe(201);
        written += 1;
      }
    })();
    while (written < 5) await new Promise((r) => setImmediate(r));
    const file = path.join(work, 'site.tar.gz');
    const manifest = await createBackup(source(), file);
    const writtenAtBackup = written;
    stop = true;
    await writer;

    expect(manifest.dialect).toBe(target.name);
    expect(manifest.uploads.files).toBe(1);
    // The snapshot holds every post acknowledged before it began, and each with its comment.
    expect(manifest.tables.posts!.rows).toBeGreaterThanOrEqual(5);
    expect(manifest.tables.posts!.rows).toBeLessThanOrEqual(writtenAtBackup + 1);
    expect(manifest.tables.comments!.rows).toBeGreaterThanOrEqual(manifest.tables.posts!.rows - 1);

    const site = await freshSite(target.name, schema);
    sites.push(site);
    await restoreBackup(site.target, file);
    const restored = await site.inventory();
    expect(Object.fromEntries(Object.entries(restored).map(([t, v]) => [t, v.rows])))
      .toEqual(Object.fromEntries(Object.entries(manifest.tables).map(([t, v]) => [t, v.rows])));
    expect(overallChecksum(restored)).toBe(manifest.checksum);
    expect(fs.readFileSync(path.join(site.target.dataDir, 'uploads', 'ab', 'photo.webp')))
      .toEqual(fs.readFileSync(path.join(server.config.dataDir, 'uploads', 'ab', 'photo.webp')));

    // A second restore into the now non-empty site is refused unless forced.
    await expect(restoreBackup(site.target, file)).rejects.toThrow(/already holds data.*--force/);
    await expect(restoreBackup(site.target, file, { force: true })).resolves.toMatchObject({ checksum: manifest.checksum });
    expect(overallChecksum(await site.inventory())).toBe(manifest.checksum);

    // A backup that fails its checks leaves the site as it was, even when forced.
    const bad = await tamperedCopy(file);
    await expect(restoreBackup(site.target, bad, { force: true })).rejects.toThrow(/does not match/);
    expect(overallChecksum(await site.inventory())).toBe(manifest.checksum);
  });

  it('refuses a file that is not a backup, and a missing file', async () => {
    const junk = path.join(work, 'junk.tar.gz');
    fs.mkdirSync(path.join(work, 'junk'));
    fs.writeFileSync(path.join(work, 'junk', 'hello.txt'), 'hi');
    await run('tar', ['-czf', junk, '-C', path.join(work, 'junk'), '.']);
    const site = await freshSite(target.name, schema);
    sites.push(site);
    await expect(restoreBackup(site.target, junk)).rejects.toThrow(BackupError);
    await expect(restoreBackup(site.target, path.join(work, 'missing.tar.gz'))).rejects.toThrow(/no backup/);
  });
});
