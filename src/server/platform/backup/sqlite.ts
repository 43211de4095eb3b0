import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { BackupError, type Manifest } from './archive.ts';
import { holdsSiteData, inventorySqlite, overallChecksum, type Inventory } from './inventory.ts';

/**
 * Copies a live SQLite database with the online backup API through a connection of our own.
 * All pages are copied in one step, inside one read transaction: in WAL mode that does not
 * block the server's writers, and no write can slip in halfway (with small steps SQLite would
 * restart the copy after every write of another connection, and might never finish).
 */
export async function backupSqlite(sourceFile: string, destFile: string): Promise<Inventory> {
  if (!fs.existsSync(sourceFile)) throw new BackupError(`no database at ${sourceFile}`);
  const source = new SqliteDatabase(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(destFile, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new SqliteDatabase(destFile, { fileMustExist: true });
  try {
    // The copy keeps the source's WAL mode; a rollback journal makes it one self-contained file.
    copy.pragma('journal_mode = DELETE');
    return inventorySqlite(copy);
  } finally {
    copy.close();
  }
}

/** True when the SQLite file at `file` exists and holds accounts or posts. */
export function sqliteHoldsData(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const counts: Record<string, { rows: number }> = {};
    for (const table of ['users', 'posts']) {
      const exists = db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(table);
      if (exists) counts[table] = { rows: db.prepare(`select count(*) from ${table}`).pluck().get() as number };
    }
    return holdsSiteData(counts);
  } finally {
    db.close();
  }
}

function sidecars(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Puts the backed-up database in place of `targetFile`. The copy is first written beside the
 * target under a temporary name and checked (integrity, and every table's rows and content
 * against the manifest); only then is it renamed over the target, so a failed restore leaves
 * the target as it was.
 */
export function restoreSqlite(backupFile: string, targetFile: string, manifest: Manifest): void {
  fs.mkdirSync(path.dirname(targetFile), { recursive: true });
  const tmp = `${targetFile}.restore-${randomBytes(4).toString('hex')}`;
  try {
    fs.copyFileSync(backupFile, tmp);
    const db = new SqliteDatabase(tmp, { fileMustExist: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new BackupError(`the backup's database fails its integrity check: ${String(integrity)}`);
      const found = inventorySqlite(db);
      const mismatched = Object.keys({ ...found, ...manifest.tables })
        .filter((name) => found[name]?.rows !== manifest.tables[name]?.rows || found[name]?.hash !== manifest.tables[name]?.hash);
      if (mismatched.length > 0 || overallChecksum(found) !== manifest.checksum) {
        throw new BackupError(`the backup's database does not match its manifest (tables: ${mismatched.join(', ') || 'checksum'})`);
      }
    } finally {
      db.close();
    }
    if (fs.existsSync(targetFile)) {
      // Fold the old database's log into it first: a stale -wal left beside the new file
      // could otherwise be replayed onto it.
      const old = new SqliteDatabase(targetFile, { fileMustExist: true });
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
    }
    for (const f of sidecars(targetFile)) fs.rmSync(f, { force: true });
    fs.renameSync(tmp, targetFile);
  } finally {
    for (const f of [tmp, ...sidecars(tmp)]) fs.rmSync(f, { force: true });
  }
}
