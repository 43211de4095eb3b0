import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql, type Dialect } from 'kysely';
import { monotonicFactory } from 'ulidx';
import { PreparingClient } from './pg-prepared.ts';
import { HearthSqliteDialect } from './sqlite-driver.ts';

/**
 * The Database type is declared empty here and filled by each module's tables.ts through
 * declaration merging, so the platform never imports a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  /** Absolute path of the SQLite file (undefined on PostgreSQL). */
  sqliteFile: string | undefined;
  /** PostgreSQL: the pool under `db`, for what Kysely cannot send (the seeder's COPY). */
  pgPool?: pg.Pool;
  /** SQLite: from now on, transactions that overlap share one COMMIT (see sqlite-driver.ts).
   * The server turns it on after migrations; PostgreSQL needs nothing of the kind. */
  enableGroupCommit(): void;
  close(): Promise<void>;
}

let pgTypesConfigured = false;
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pgTypesConfigured = true;
  // Times travel as ISO-8601 strings on both databases; counts as JS numbers.
  const toIso = (v: string) => new Date(v).toISOString();
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, toIso);
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(`${v}Z`).toISOString());
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
}

export interface OpenDbOptions {
  /** PostgreSQL schema to use (tests isolate themselves in one); created if missing. */
  pgSchema?: string;
  poolSize?: number;
}

export async function openDb(databaseUrl: string, options: OpenDbOptions = {}): Promise<DbHandle> {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    configurePgTypes();
    if (options.pgSchema) {
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`create schema if not exists "${options.pgSchema}"`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 2000,
      Client: PreparingClient as unknown as typeof pg.Client,
      ...(options.pgSchema ? { options: `-c search_path="${options.pgSchema}"` } : {}),
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const dialect: Dialect = new PostgresDialect({ pool });
    const db = new Kysely<Database>({ dialect });
    return { db, dialect: 'postgres', sqliteFile: undefined, pgPool: pool, enableGroupCommit: () => {}, close: () => db.destroy() };
  }
  const file = databaseUrl.replace(/^sqlite:/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Savepoint journals (every grouped transaction is one) and sort scratch space in memory
  // instead of temporary files: a statement's first write to a page already changed by an
  // earlier member of the group otherwise costs a file write.
  sqlite.pragma('temp_store = MEMORY');
  const dialect = new HearthSqliteDialect(sqlite);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'sqlite',
    sqliteFile: file === ':memory:' ? undefined : path.resolve(file),
    enableGroupCommit: () => dialect.driver.setGroupCommit(true),
    close: () => db.destroy(),
  };
}

// ulidx's default draws one byte from the system per character (a syscall each); a pool of
// random bytes refilled 4 KB at a time gives the same randomness for a fraction of the cost.
const randomPool = new Uint8Array(4096);
let poolAt = randomPool.length;
function pooledRandom(): number {
  if (poolAt >= randomPool.length) {
    randomFillSync(randomPool);
    poolAt = 0;
  }
  return randomPool[poolAt++]! / 0xff;
}
const nextUlid = monotonicFactory(pooledRandom);
/** App-generated, time-sortable ids (ULID), identical on both databases. */
export function newId(): string {
  return nextUlid();
}

export function nowIso(): string {
  return new Date().toISOString();
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Runs one read statement of raw SQL and returns its rows: straight on a read worker's own
 * connection (see platform/threads), or on any connection through Kysely (readThrough). */
export type ReadStatement = <R>(text: string, parameters: readonly unknown[]) => R[] | Promise<R[]>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readThrough(db: Kysely<any>): ReadStatement {
  return async <R>(text: string, parameters: readonly unknown[]) => (await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows as R[];
}

export { runMigrations, type ModuleMigrations, type MigrationFn } from './migrate.ts';
export { columnTypes, isUniqueViolation, makeAppendOnly } from './dialect.ts';
