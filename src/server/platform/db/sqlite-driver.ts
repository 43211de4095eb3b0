import type SqliteDatabase from 'better-sqlite3';
import {
  SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';

/**
 * A prepared statement holds its compiled program in native memory, about as large as its
 * text is long, until it is finalized. Batches of many rows (multi-row inserts, long IN lists)
 * have a text per length: one 25 s write run on the large preset prepared 826 statements
 * (1.2 MB of SQL), and the kept ones held 50 MB of the server's malloc heap. Such texts are
 * prepared for each use instead (their statement is freed with its wrapper, which dies young),
 * costing a prepare per batch, a few a second per kind.
 */
const MAX_KEPT_SQL_LENGTH = 1000;
const MAX_KEPT_STATEMENTS = 500;

/**
 * The Kysely driver for Hearth's one SQLite connection. Three things set it apart from Kysely's
 * own SqliteDriver:
 *
 * - Group commit. With synchronous=FULL every COMMIT waits for the disk, and better-sqlite3
 *   waits synchronously, so a commit per write caps a server at the disk's fsync rate and
 *   stalls every request meanwhile. Once `groupCommit` is on, transactions that arrive while
 *   others are running become savepoints inside one outer BEGIN IMMEDIATE … COMMIT; each
 *   transaction's promise settles only after that COMMIT, so nothing is acknowledged before it
 *   is on disk. A failing transaction rolls back to its savepoint and leaves the others alone.
 *   Reads between them see writes that are a few milliseconds from durable — the price of the
 *   batching; a write outside any transaction commits the group at once.
 * - A first-come, first-served lock. Kysely's mutex wakes every waiter and lets them race,
 *   which under load starves some requests for seconds.
 * - Prepared statements are kept per SQL text instead of being prepared again for each query
 *   (short texts only: see MAX_KEPT_SQL_LENGTH).
 */
export class HearthSqliteDriver implements Driver {
  /** Off while migrations run (they may need statements SQLite refuses inside a transaction). */
  private groupCommit = false;
  private readonly statements = new Map<string, SqliteDatabase.Statement>();
  private readonly waiting: Array<() => void> = [];
  private locked = false;
  private group: CommitGroup | null = null;
  private flushScheduled = false;

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.locked = true;
    return new Lease(this);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.released) return;
    lease.released = true;
    this.unlock();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    lease.inTransaction = true;
    if (!this.groupCommit) {
      this.sqlite.exec('begin immediate');
      return;
    }
    if (!this.group) {
      this.sqlite.exec('begin immediate');
      this.group = new CommitGroup();
    }
    this.group.members++;
    lease.group = this.group;
    this.sqlite.exec('savepoint hearth_unit');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    lease.inTransaction = false;
    const group = lease.group;
    if (!group) {
      this.sqlite.exec('commit');
      return;
    }
    this.sqlite.exec('release hearth_unit');
    lease.group = null;
    // Let the next transaction in while this one waits for the group's COMMIT.
    lease.released = true;
    this.unlock();
    await group.done;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    lease.inTransaction = false;
    if (!lease.group) {
      if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      return;
    }
    lease.group = null;
    if (this.sqlite.inTransaction) {
      this.sqlite.exec('rollback to hearth_unit; release hearth_unit');
      return;
    }
    // Some errors (disk full, I/O) make SQLite roll back the whole outer transaction: the
    // group's earlier members lost their work too, so they fail rather than wait for a COMMIT.
    if (this.group) {
      this.group.reject(new Error('SQLite rolled back the transaction group after an error'));
      this.group = null;
    }
  }

  async destroy(): Promise<void> {
    this.flush();
    this.statements.clear();
    this.sqlite.close();
  }

  /** Runs one query for a lease; called by Lease.executeQuery. */
  run(lease: Lease, query: CompiledQuery): QueryResult<unknown> {
    const stmt = this.statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    // A write outside any transaction is acknowledged when it returns: commit what is pending.
    // (One that changed nothing, like an insert that met its conflict, has nothing to keep.)
    if (!lease.inTransaction && this.group && changes > 0) this.flush();
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /**
   * Runs a read statement at once, without a lease or Kysely's query building: for the hot
   * reads of a read worker's own read-only connection, which holds no transactions to wait for.
   */
  readRows<R>(text: string, parameters: readonly unknown[]): R[] {
    return this.statement(text).all(parameters as unknown[]) as R[];
  }

  *stream(query: CompiledQuery): IterableIterator<QueryResult<unknown>> {
    // A statement being iterated cannot serve anyone else, so streams get their own.
    for (const row of this.sqlite.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row] };
  }

  private statement(text: string): SqliteDatabase.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.sqlite.prepare(text);
      if (text.length <= MAX_KEPT_SQL_LENGTH) {
        // Bounded: generated IN (?, ?, …) lists of many lengths must not grow this forever.
        if (this.statements.size >= MAX_KEPT_STATEMENTS) this.statements.clear();
        this.statements.set(text, stmt);
      }
    }
    return stmt;
  }

  /** Turned on once migrations are done; turning it off commits what is pending. */
  setGroupCommit(on: boolean): void {
    if (!on && !this.locked) this.flush();
    this.groupCommit = on;
  }

  private unlock(): void {
    const next = this.waiting.shift();
    if (next) {
      // A long line of writers still gets a COMMIT now and then, bounding their wait.
      const group = this.group;
      if (group && (group.members >= MAX_GROUP_MEMBERS || performance.now() - group.openedAt > MAX_GROUP_MS)) this.flush();
      next();
      return;
    }
    this.locked = false;
    if (this.group && !this.flushScheduled) {
      // Requests already read from their sockets in this turn of the event loop join the group.
      // If the lock is taken again first, the unlock that frees it schedules the next try.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (!this.locked) this.flush();
      });
    }
  }

  private flush(): void {
    const group = this.group;
    if (!group) return;
    this.group = null;
    try {
      this.sqlite.exec('commit');
      group.resolve();
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      group.reject(error);
    }
  }
}

const MAX_GROUP_MEMBERS = 200;
const MAX_GROUP_MS = 20;

class CommitGroup {
  members = 0;
  readonly openedAt = performance.now();
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;
  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Settled for every member at once; a group whose members all rolled back has no listener.
    this.done.catch(() => {});
  }
}

/** One holder's turn on the connection. */
class Lease implements DatabaseConnection {
  released = false;
  inTransaction = false;
  group: CommitGroup | null = null;
  constructor(private readonly driver: HearthSqliteDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.run(this, query) as QueryResult<R>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const chunk of this.driver.stream(query)) yield chunk as QueryResult<R>;
  }
}

export class HearthSqliteDialect implements Dialect {
  readonly driver: HearthSqliteDriver;
  constructor(sqlite: SqliteDatabase.Database) {
    this.driver = new HearthSqliteDriver(sqlite);
  }
  createDriver(): Driver { return this.driver; }
  createQueryCompiler() { return new SqliteQueryCompiler(); }
  createAdapter() { return new SqliteAdapter(); }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) { return new SqliteIntrospector(db); }
}
