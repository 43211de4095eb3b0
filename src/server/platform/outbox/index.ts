import type { Kysely, Transaction } from 'kysely';
import { columnTypes, newId, nowIso, type Database, type ModuleMigrations } from '../db/index.ts';
import type { EventBus, EventName, HearthEvents } from '../bus/index.ts';

/**
 * Durable events. A write and the events it causes are committed together: the events are
 * stored in `event_outbox` inside the same transaction, handed to the bus right after the
 * commit, and deleted once every handler has finished. If the process dies in between, the
 * rows are still there and are replayed (at start and then every minute), so a committed post
 * can never lose its search entry, notifications or points. Handlers must therefore be
 * idempotent — a replay may deliver an event twice.
 */
export interface OutboxTable {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  created_at: string;
}

declare module '../db/index.ts' {
  interface Database {
    event_outbox: OutboxTable;
  }
}

export type Emit = <K extends EventName>(name: K, payload: HearthEvents[K]) => void;

interface OutboxLogger {
  warn(obj: unknown, msg: string): void;
  error(obj: unknown, msg: string): void;
}

/** Rows older than this are considered orphaned by a crash and replayed. */
const REPLAY_AFTER_MS = 60_000;
const MAX_ATTEMPTS = 5;
const FLUSH_EVERY_MS = 500;
/** Events in handling beyond which writers wait for theirs (a second or two of handler work). */
const MAX_IN_FLIGHT = 1000;

export class Outbox {
  private readonly done: string[] = [];
  private readonly failed: string[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private replayTimer: NodeJS.Timeout | undefined;

  private readonly maxInFlight: number;

  constructor(private readonly db: Kysely<Database>, private readonly bus: EventBus, private readonly log: OutboxLogger, options: { maxInFlight?: number } = {}) {
    this.maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  }

  /** Runs `fn` in a transaction; what it `emit`s is stored with the transaction and
   * delivered after it commits. */
  async transaction<T>(fn: (trx: Transaction<Database>, emit: Emit) => Promise<T>): Promise<T> {
    const staged: { id: string; name: EventName; payload: unknown }[] = [];
    const emit: Emit = (name, payload) => { staged.push({ id: newId(), name, payload }); };
    const result = await this.db.transaction().execute(async (trx) => {
      const value = await fn(trx, emit);
      if (staged.length > 0) {
        const now = nowIso();
        await trx.insertInto('event_outbox')
          .values(staged.map((e) => ({ id: e.id, name: e.name, payload: JSON.stringify(e.payload), attempts: 0, created_at: now })))
          .execute();
      }
      return value;
    });
    const deliveries = staged.map((e) => this.deliver(e.id, e.name, e.payload as never));
    // Backpressure: when the handlers are far behind, the writer waits for its own events, so
    // writes slow to the pace the handlers keep (search, notifications and points stay
    // current) instead of piling events up in memory.
    if (this.inFlight.size > this.maxInFlight) await Promise.all(deliveries);
    return result;
  }

  /** Events handed to the bus whose handlers have not all finished. */
  get backlog(): number {
    return this.inFlight.size;
  }

  private deliver<K extends EventName>(id: string, name: K, payload: HearthEvents[K]): Promise<void> {
    const delivery = this.bus.dispatch(name, payload).then(
      () => { this.done.push(id); },
      () => { this.failed.push(id); },
    ).finally(() => {
      this.inFlight.delete(id);
      this.scheduleFlush();
    });
    this.inFlight.set(id, delivery);
    return delivery;
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /** Deletes handled events in one batch (one commit for many events) and counts failures. */
  async flush(): Promise<void> {
    const done = this.done.splice(0);
    const failed = this.failed.splice(0);
    try {
      if (done.length > 0) await this.db.deleteFrom('event_outbox').where('id', 'in', done).execute();
      if (failed.length > 0) {
        await this.db.updateTable('event_outbox').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', 'in', failed).execute();
      }
    } catch (err) {
      this.done.push(...done);
      this.log.warn({ err }, 'outbox flush failed; will retry');
      this.scheduleFlush();
    }
  }

  /** Delivers events left behind by a crash (or whose handlers failed). */
  async replay(olderThanMs = REPLAY_AFTER_MS): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    const rows = await this.db.selectFrom('event_outbox').selectAll()
      .where('created_at', '<=', cutoff).where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('id').limit(500).execute();
    // An event still being handled is not orphaned, however long it has waited.
    for (const row of rows) if (!this.inFlight.has(row.id)) void this.deliver(row.id, row.name as EventName, JSON.parse(row.payload) as never);
    const abandoned = await this.db.selectFrom('event_outbox').select('id').where('attempts', '>=', MAX_ATTEMPTS).limit(1).execute();
    if (abandoned.length > 0) this.log.error({}, `outbox has events that failed ${MAX_ATTEMPTS} times; see table event_outbox`);
    return rows.length;
  }

  start(): void {
    const tick = () => void this.replay().catch((err: unknown) => this.log.warn({ err }, 'outbox replay failed'));
    tick();
    this.replayTimer = setInterval(tick, REPLAY_AFTER_MS);
    this.replayTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.replayTimer) clearInterval(this.replayTimer);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.bus.idle();
    await this.flush();
  }
}

export const outboxMigrations: ModuleMigrations = {
  '20261126T0705_platform_outbox': {
    async up(db, dialect) {
      const t = columnTypes(dialect);
      await db.schema.createTable('event_outbox')
        .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('payload', t.json, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('event_outbox_created').on('event_outbox').column('created_at').execute();
    },
  },
};
