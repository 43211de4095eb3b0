/**
 * `hearth backup FILE` and `hearth restore FILE`: one .tar.gz holding a manifest, a consistent
 * copy of the database (SQLite online backup, or pg_dump of Hearth's schema) and the uploads
 * folder. Restores go only into an empty site unless forced, and are checked against the
 * manifest before they replace anything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BackupError, countFiles, FORMAT_VERSION, MANIFEST, pack, PG_DUMP_FILE, SQLITE_FILE, unpack, UPLOADS, type Manifest,
} from './archive.ts';
import { overallChecksum, type Inventory } from './inventory.ts';
import { backupPostgres, currentSchema, postgresHoldsData, restorePostgres } from './postgres.ts';
import { backupSqlite, restoreSqlite, sqliteHoldsData } from './sqlite.ts';

export { BackupError, type Manifest } from './archive.ts';
export { overallChecksum, type Inventory } from './inventory.ts';

export interface BackupTarget {
  /** `sqlite:<file>` or `postgres://…`, as in the configuration. */
  databaseUrl: string;
  /** The data directory; its uploads/ folder travels with the database. */
  dataDir: string;
  /** PostgreSQL schema, when not the connection's default. */
  pgSchema?: string;
}

function isPostgres(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

function sqliteFileOf(url: string): string {
  return path.resolve(url.replace(/^sqlite:/, ''));
}

function withStaging<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-backup-'));
  return fn(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

export async function createBackup(target: BackupTarget, file: string): Promise<Manifest> {
  const out = path.resolve(file);
  if (!fs.existsSync(path.dirname(out))) throw new BackupError(`folder ${path.dirname(out)} does not exist`);
  return withStaging(async (staging) => {
    let tables: Inventory;
    let schema: string | undefined;
    const dialect = isPostgres(target.databaseUrl) ? 'postgres' : 'sqlite';
    if (dialect === 'postgres') {
      schema = await currentSchema(target.databaseUrl, target.pgSchema);
      tables = await backupPostgres(target.databaseUrl, schema, path.join(staging, PG_DUMP_FILE));
    } else {
      tables = await backupSqlite(sqliteFileOf(target.databaseUrl), path.join(staging, SQLITE_FILE));
    }
    // Uploads are written once and never changed, so copying them after the database
    // snapshot can only add files no row points to yet, never lose one a row needs.
    const uploads = path.join(target.dataDir, UPLOADS);
    if (fs.existsSync(uploads)) fs.cpSync(uploads, path.join(staging, UPLOADS), { recursive: true });
    const manifest: Manifest = {
      format: FORMAT_VERSION,
      dialect,
      createdAt: new Date().toISOString(),
      ...(schema ? { schema } : {}),
      tables,
      checksum: overallChecksum(tables),
      uploads: countFiles(path.join(staging, UPLOADS)),
    };
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await pack(staging, out);
    return manifest;
  });
}

function hasFiles(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

/** Puts the uploads folder in place: copied beside the target first, then swapped in. */
function restoreUploads(from: string, dataDir: string): void {
  const target = path.join(dataDir, UPLOADS);
  const incoming = `${target}.restore-${process.pid}`;
  const outgoing = `${target}.old-${process.pid}`;
  fs.rmSync(incoming, { recursive: true, force: true });
  if (fs.existsSync(from)) fs.cpSync(from, incoming, { recursive: true });
  else fs.mkdirSync(incoming, { recursive: true });
  if (fs.existsSync(target)) fs.renameSync(target, outgoing);
  fs.renameSync(incoming, target);
  fs.rmSync(outgoing, { recursive: true, force: true });
}

export interface RestoreOptions {
  /** Replace a site that already has accounts, posts or uploads. */
  force?: boolean;
}

/**
 * Restores a backup into the configured site. Stop the server first: a restore replaces the
 * database underneath it. Refuses a site that already holds data unless forced.
 */
export async function restoreBackup(target: BackupTarget, file: string, options: RestoreOptions = {}): Promise<Manifest> {
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`);
  return withStaging(async (staging) => {
    const manifest = await unpack(file, staging);
    const dialect = isPostgres(target.databaseUrl) ? 'postgres' : 'sqlite';
    if (manifest.dialect !== dialect) {
      throw new BackupError(`this backup is of a ${manifest.dialect} database but the site is configured for ${dialect}`);
    }
    if (overallChecksum(manifest.tables) !== manifest.checksum) throw new BackupError('the backup manifest is inconsistent (checksum)');
    const uploadsDir = path.join(target.dataDir, UPLOADS);
    const refuse = (what: string) => new BackupError(`${what} already holds data; restore with --force to replace it`);
    if (dialect === 'postgres') {
      const schema = manifest.schema ?? 'public';
      if (target.pgSchema && target.pgSchema !== schema) {
        throw new BackupError(`this backup holds schema "${schema}"; it restores under that name, not "${target.pgSchema}"`);
      }
      if (!options.force && await postgresHoldsData(target.databaseUrl, schema)) throw refuse(`schema "${schema}" of the target database`);
      if (!options.force && hasFiles(uploadsDir)) throw refuse(uploadsDir);
      await restorePostgres(target.databaseUrl, path.join(staging, PG_DUMP_FILE), manifest);
    } else {
      const dbFile = sqliteFileOf(target.databaseUrl);
      if (!options.force && sqliteHoldsData(dbFile)) throw refuse(dbFile);
      if (!options.force && hasFiles(uploadsDir)) throw refuse(uploadsDir);
      restoreSqlite(path.join(staging, SQLITE_FILE), dbFile, manifest);
    }
    fs.mkdirSync(target.dataDir, { recursive: true });
    restoreUploads(path.join(staging, UPLOADS), target.dataDir);
    return manifest;
  });
}
