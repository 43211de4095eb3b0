import type { Db, DialectName } from '../db/index.ts';
import { PostgresSearchStore } from './postgres.ts';
import { SqliteSearchStore, type SqliteSearchOptions } from './sqlite.ts';
import type { SearchStore } from './types.ts';

export function createSearchStore(db: Db, dialect: DialectName, options: SqliteSearchOptions): SearchStore {
  return dialect === 'postgres' ? new PostgresSearchStore(db, { recentItems: options.recentItems }) : new SqliteSearchStore(db, options);
}
