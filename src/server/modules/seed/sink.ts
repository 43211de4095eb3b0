import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../platform/db/index.ts';

/** The columns the generator writes, in the order rows are given. */
export const columns = {
  categories: ['id', 'slug', 'name', 'description', 'position', 'post_count', 'created_at'],
  users: ['id', 'username', 'username_lower', 'email', 'email_lower', 'password_hash', 'display_name', 'bio', 'role', 'status',
    'follower_count', 'following_count', 'created_at', 'updated_at'],
  follows: ['follower_id', 'followee_id', 'created_at'],
  tags: ['id', 'name', 'slug', 'post_count', 'created_at'],
  posts: ['id', 'category_id', 'author_id', 'kind', 'title', 'body', 'body_html', 'excerpt', 'status', 'like_count',
    'comment_count', 'view_count', 'hot_score', 'created_at', 'updated_at'],
  post_tags: ['post_id', 'tag_id'],
  comments: ['id', 'post_id', 'parent_id', 'author_id', 'body', 'body_html', 'status', 'like_count', 'created_at', 'updated_at'],
  likes: ['target_type', 'target_id', 'user_id', 'created_at'],
} as const;

export type SeedTable = keyof typeof columns;
/** Parents before children, so foreign keys hold at every flush. */
const flushOrder: SeedTable[] = ['categories', 'users', 'follows', 'tags', 'posts', 'post_tags', 'comments', 'likes'];
/** Tables that get their secondary indexes dropped during the load and rebuilt after it:
 * one sort per index at the end is far cheaper than millions of random B-tree inserts. */
const bulkTables: SeedTable[] = ['users', 'follows', 'posts', 'post_tags', 'comments', 'likes'];

export type Row = (string | number | null)[];

/** Where generated rows go. add() may buffer; flush() makes everything so far durable. */
export interface RowSink {
  add(table: SeedTable, row: Row): void;
  /** Rows added since the last flush. */
  readonly pending: number;
  flush(): Promise<void>;
  /** Sets a counter column from a map of id → value, in bulk. */
  setCounts(table: 'categories' | 'tags', column: 'post_count', values: Map<string, number>): Promise<void>;
  /** Empties every table but the migration bookkeeping (for --force). */
  wipe(): Promise<void>;
  /** Drops secondary indexes of the big tables; finish() rebuilds them. */
  begin(): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

/**
 * SQLite: its own better-sqlite3 connection to the same file, one prepared statement per
 * table, large transactions, and synchronous=OFF while loading (a seed interrupted half-way is
 * rerun with --force anyway). The server's own connection keeps synchronous=FULL.
 */
class SqliteSink implements RowSink {
  private readonly conn: SqliteDatabase.Database;
  private readonly statements = new Map<SeedTable, SqliteDatabase.Statement>();
  private indexSql: string[] = [];
  pending = 0;

  constructor(file: string) {
    this.conn = new SqliteDatabase(file);
    this.conn.pragma('journal_mode = WAL');
    this.conn.pragma('synchronous = OFF');
    this.conn.pragma('foreign_keys = OFF');
    this.conn.pragma('cache_size = -1000000');
    this.conn.pragma('temp_store = MEMORY');
    this.conn.pragma('busy_timeout = 5000');
    for (const table of flushOrder) {
      const cols = columns[table];
      this.statements.set(table, this.conn.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`));
    }
  }

  async wipe(): Promise<void> {
    const tables = this.conn.prepare(`select name, sql from sqlite_master where type = 'table'
      and name not like 'sqlite_%' and name not like 'kysely_%' and name not like 'hearth_migration%'`).all() as { name: string; sql: string }[];
    const virtual = tables.filter((t) => /^create virtual/i.test(t.sql)).map((t) => t.name);
    // Append-only tables refuse DELETE through triggers: lift them for the wipe only.
    const triggers = this.conn.prepare(`select name, sql from sqlite_master where type = 'trigger'`).all() as { name: string; sql: string }[];
    this.conn.transaction(() => {
      for (const t of triggers) this.conn.exec(`drop trigger ${t.name}`);
      for (const t of tables) {
        if (virtual.includes(t.name)) this.conn.exec(`insert into ${t.name} (${t.name}) values ('delete-all')`);
        else if (!virtual.some((v) => t.name.startsWith(`${v}_`))) this.conn.exec(`delete from ${t.name}`);
      }
      for (const t of triggers) this.conn.exec(t.sql);
    })();
  }

  async begin(): Promise<void> {
    const marks = bulkTables.map(() => '?').join(', ');
    const rows = this.conn.prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${marks})`)
      .all(...bulkTables) as { name: string; sql: string }[];
    this.indexSql = rows.map((r) => r.sql);
    for (const r of rows) this.conn.exec(`drop index ${r.name}`);
    this.conn.exec('begin');
  }

  add(table: SeedTable, row: Row): void {
    this.statements.get(table)!.run(row);
    this.pending++;
  }

  async flush(): Promise<void> {
    this.conn.exec('commit');
    this.conn.exec('begin');
    this.pending = 0;
  }

  async setCounts(table: 'categories' | 'tags', column: 'post_count', values: Map<string, number>): Promise<void> {
    const update = this.conn.prepare(`update ${table} set ${column} = ? where id = ?`);
    for (const [id, n] of values) update.run(n, id);
  }

  async finish(): Promise<void> {
    this.conn.exec('commit');
    for (const statement of this.indexSql) this.conn.exec(statement);
    this.conn.exec('analyze');
    this.conn.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.conn.inTransaction) this.conn.exec('rollback');
    this.conn.close();
  }
}

/** PostgreSQL: multi-row INSERTs of up to ~60,000 parameters each (the protocol allows 65,535). */
class PostgresSink implements RowSink {
  private readonly buffers = new Map<SeedTable, Row[]>(flushOrder.map((t) => [t, []]));
  private indexSql: string[] = [];
  pending = 0;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  async wipe(): Promise<void> {
    const { rows } = await sql<{ tablename: string }>`select tablename from pg_tables
      where schemaname = current_schema() and tablename not like 'kysely%' and tablename not like 'hearth_migration%'`.execute(this.db);
    if (rows.length > 0) await sql`truncate table ${sql.join(rows.map((r) => sql.table(r.tablename)))} cascade`.execute(this.db);
  }

  async begin(): Promise<void> {
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes
      where schemaname = current_schema() and tablename in (${sql.join(bulkTables)})
        and indexname not in (select conname from pg_constraint where connamespace = current_schema()::regnamespace)`.execute(this.db);
    this.indexSql = rows.map((r) => r.indexdef);
    for (const r of rows) await sql`drop index ${sql.id(r.indexname)}`.execute(this.db);
  }

  add(table: SeedTable, row: Row): void {
    this.buffers.get(table)!.push(row);
    this.pending++;
  }

  async flush(): Promise<void> {
    for (const table of flushOrder) {
      const rows = this.buffers.get(table)!;
      if (rows.length === 0) continue;
      const cols = columns[table];
      const perStatement = Math.floor(60_000 / cols.length);
      for (let i = 0; i < rows.length; i += perStatement) {
        const chunk = rows.slice(i, i + perStatement);
        await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(chunk.map((r) => sql`(${sql.join(r)})`))}`
          .execute(this.db).catch((error: Error) => { throw new Error(`writing ${table}: ${error.message}`, { cause: error }); });
      }
      this.buffers.set(table, []);
    }
    this.pending = 0;
  }

  async setCounts(table: 'categories' | 'tags', column: 'post_count', values: Map<string, number>): Promise<void> {
    for (const [id, n] of values) await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${n} where id = ${id}`.execute(this.db);
  }

  async finish(): Promise<void> {
    await this.flush();
    for (const statement of this.indexSql) await sql.raw(statement).execute(this.db);
    await sql`analyze`.execute(this.db);
  }

  async close(): Promise<void> {}
}

export function openSink(handle: DbHandle): RowSink {
  if (handle.dialect === 'postgres') return new PostgresSink(handle.db);
  if (!handle.sqliteFile) throw new Error('seeding needs a SQLite file, not an in-memory database');
  return new SqliteSink(handle.sqliteFile);
}
