import SqliteDatabase from 'better-sqlite3';
import { bulkTables, columns, flushOrder, type Row, type RowSink, type SeedTable } from './sink-tables.ts';

/**
 * SQLite: its own better-sqlite3 connection to the same file, one prepared statement per
 * table, large transactions, and synchronous=OFF while loading (a seed interrupted half-way is
 * rerun with --force anyway). The server's own connection keeps synchronous=FULL.
 */
export class SqliteSink implements RowSink {
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

