import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbHandle } from '../../platform/db/index.ts';
import { bulkTables, columns, flushOrder, type Row, type RowSink, type SeedTable } from './sink-tables.ts';

/**
 * PostgreSQL: one connection and one transaction for the whole load, rows sent with COPY, and
 * the big tables' secondary indexes and foreign keys dropped for the load and created again at
 * the end (one sort, or one join, each). The catalog changes are part of the transaction, so an
 * interrupted seed leaves the database as it was, indexes and constraints included.
 * Multi-row INSERTs with foreign keys checked row by row had held the rows at 19,000 a second.
 */
export class PostgresSink implements RowSink {
  private readonly buffers = new Map<SeedTable, Row[]>(flushOrder.map((t) => [t, []]));
  private client: pg.PoolClient | null = null;
  /** What begin() dropped, to run again in finish(): indexes first, then constraints. */
  private restore: string[] = [];
  pending = 0;

  constructor(private readonly handle: DbHandle) {}

  /** The load's connection, inside its transaction. */
  private async connection(): Promise<pg.PoolClient> {
    if (this.client) return this.client;
    if (!this.handle.pgPool) throw new Error('a PostgreSQL handle without its pool');
    this.client = await this.handle.pgPool.connect();
    await this.client.query('begin');
    return this.client;
  }

  async wipe(): Promise<void> {
    const client = await this.connection();
    const { rows } = await client.query<{ tablename: string }>(`select tablename from pg_tables
      where schemaname = current_schema() and tablename not like 'kysely%' and tablename not like 'hearth_migration%'`);
    if (rows.length > 0) await client.query(`truncate table ${rows.map((r) => quoted(r.tablename)).join(', ')} cascade`);
  }

  async begin(): Promise<void> {
    const client = await this.connection();
    const tables = `(select oid from pg_class where relnamespace = current_schema()::regnamespace and relname = any($1))`;
    const indexes = await client.query<{ name: string; definition: string }>(`
      select i.relname as name, pg_get_indexdef(i.oid) as definition from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid in ${tables} and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`, [bulkTables]);
    const keys = await client.query<{ name: string; table: string; definition: string }>(`
      select conname as name, conrelid::regclass::text as table, pg_get_constraintdef(oid) as definition from pg_constraint
      where contype = 'f' and conrelid in ${tables}`, [bulkTables]);
    for (const k of keys.rows) await client.query(`alter table ${k.table} drop constraint ${quoted(k.name)}`);
    for (const i of indexes.rows) await client.query(`drop index ${quoted(i.name)}`);
    this.restore = [
      ...indexes.rows.map((i) => i.definition),
      ...keys.rows.map((k) => `alter table ${k.table} add constraint ${quoted(k.name)} ${k.definition}`),
    ];
  }

  add(table: SeedTable, row: Row): void {
    this.buffers.get(table)!.push(row);
    this.pending++;
  }

  /** Sends the rows so far; they are committed with everything else in finish(). */
  async flush(): Promise<void> {
    const client = await this.connection();
    for (const table of flushOrder) {
      const rows = this.buffers.get(table)!;
      if (rows.length === 0) continue;
      this.buffers.set(table, []);
      const copy = client.query(copyFrom(`copy ${table} (${columns[table].join(', ')}) from stdin`));
      await pipeline(Readable.from(copyText(rows)), copy)
        .catch((error: Error) => { throw new Error(`writing ${table}: ${error.message}`, { cause: error }); });
    }
    this.pending = 0;
  }

  async setCounts(table: 'categories' | 'tags', column: 'post_count', values: Map<string, number>): Promise<void> {
    const client = await this.connection();
    await client.query(`update ${table} set ${column} = v.n from unnest($1::text[], $2::int[]) as v(id, n) where ${table}.id = v.id`,
      [[...values.keys()], [...values.values()]]);
  }

  async finish(): Promise<void> {
    await this.flush();
    const client = await this.connection();
    await client.query(`set local maintenance_work_mem = '256MB'`);
    for (const statement of this.restore) await client.query(statement);
    await client.query('commit');
    this.release();
    await this.handle.pgPool!.query('analyze');
  }

  async close(): Promise<void> {
    if (!this.client) return;
    await this.client.query('rollback').catch(() => {});
    this.release();
  }

  private release(): void {
    this.client?.release();
    this.client = null;
  }
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** COPY's text format: tab-separated fields, \N for null, backslash escapes for the rest. */
function* copyText(rows: Row[]): Generator<string> {
  const ROWS_A_CHUNK = 1000;
  for (let at = 0; at < rows.length; at += ROWS_A_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(at, at + ROWS_A_CHUNK)) {
      chunk += row.map((v) => v === null ? '\\N' : typeof v === 'number' ? String(v) : v.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!)).join('\t');
      chunk += '\n';
    }
    yield chunk;
  }
}
