import type { DbHandle } from '../../platform/db/index.ts';
import { PostgresSink } from './sink-postgres.ts';
import { SqliteSink } from './sink-sqlite.ts';
import type { RowSink } from './sink-tables.ts';

export type { Row, RowSink, SeedTable } from './sink-tables.ts';

export function openSink(handle: DbHandle): RowSink {
  if (handle.dialect === 'postgres') return new PostgresSink(handle);
  if (!handle.sqliteFile) throw new Error('seeding needs a SQLite file, not an in-memory database');
  return new SqliteSink(handle.sqliteFile);
}
