import { createHash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';

/** Rows and a content hash for one table, as recorded in a backup's manifest. */
export interface TableInventory {
  rows: number;
  hash: string;
}

export type Inventory = Record<string, TableInventory>;

/** One checksum over every table's hash, so two copies can be compared with one string. */
export function overallChecksum(tables: Inventory): string {
  const h = createHash('sha256');
  for (const name of Object.keys(tables).sort()) h.update(`${name}\t${tables[name]!.rows}\t${tables[name]!.hash}\n`);
  return h.digest('hex');
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { hex: value.toString('hex') };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Every ordinary table of a SQLite database with its row count and a hash of its rows in a
 * fixed order. Virtual tables (full-text indexes) are skipped: their shadow tables hold the
 * data and are hashed like any other table.
 */
export function inventorySqlite(db: SqliteDatabase.Database): Inventory {
  const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
    and coalesce(sql, '') not like 'CREATE VIRTUAL TABLE%' order by name`).pluck().all() as string[];
  const out: Inventory = {};
  for (const name of tables) {
    const columns = (db.prepare(`select count(*) from pragma_table_info(?)`).pluck().get(name)) as number;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    const h = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(`select * from ${quoteIdent(name)} order by ${order}`).raw().iterate() as Iterable<unknown[]>) {
      h.update(JSON.stringify(row.map(canonical)));
      h.update('\n');
      rows += 1;
    }
    out[name] = { rows, hash: h.digest('hex') };
  }
  return out;
}

/** Session settings that fix how PostgreSQL prints rows, so hashes match across sessions. */
export const PG_STABLE_OUTPUT = `set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set extra_float_digits = 1;`;

/** The SQL that hashes one PostgreSQL table; the same text is used to verify a restore. */
export function pgTableHashSql(schema: string, table: string): string {
  return `select count(*)::bigint as n, coalesce(md5(string_agg(t::text, E'\\n' order by t::text collate "C")), '') as h
    from ${quoteIdent(schema)}.${quoteIdent(table)} t`;
}

/** Hearth's tables in one PostgreSQL schema, hashed inside the caller's (snapshot) transaction. */
export async function inventoryPostgres(client: pg.ClientBase, schema: string): Promise<Inventory> {
  await client.query(PG_STABLE_OUTPUT);
  const { rows: tables } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
    [schema],
  );
  const out: Inventory = {};
  for (const { name } of tables) {
    const { rows } = await client.query<{ n: string | number; h: string }>(pgTableHashSql(schema, name));
    out[name] = { rows: Number(rows[0]!.n), hash: rows[0]!.h };
  }
  return out;
}

/**
 * A site counts as in use once it has accounts or posts. Migrations alone fill some tables
 * (default rules, levels, model versions), so "any row anywhere" would call a freshly
 * started, never used site non-empty.
 */
const SITE_DATA_TABLES = ['users', 'posts'];

export function holdsSiteData(inventory: Record<string, { rows: number }>): boolean {
  return SITE_DATA_TABLES.some((name) => (inventory[name]?.rows ?? 0) > 0);
}
