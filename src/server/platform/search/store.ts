import type { Db, DialectName } from '../db/index.ts';
import { PostgresSearchStore } from './postgres.ts';
import { SqliteSearchStore } from './sqlite.ts';
import type { SearchStore } from './types.ts';

export function createSearchStore(db: Db, dialect: DialectName): SearchStore {
  return dialect === 'postgres' ? new PostgresSearchStore(db) : new SqliteSearchStore(db);
}
