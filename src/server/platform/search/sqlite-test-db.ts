import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, runMigrations, type DbHandle } from '../db/index.ts';
import { searchIndexMigrations } from './migrations.ts';

/** A SQLite database file with the search tables, for the store-level tests of this folder. */
export interface SearchTestDb {
  handle: DbHandle;
  file: string;
  /** Closes the database and removes its folder. */
  dispose(): Promise<void>;
}

export async function openSearchTestDb(): Promise<SearchTestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-search-'));
  const file = path.join(dir, 'search.db');
  const handle = await openDb(`sqlite:${file}`);
  await runMigrations(handle.db, 'sqlite', [searchIndexMigrations]);
  return {
    handle, file,
    async dispose() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
