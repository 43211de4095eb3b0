/**
 * The event bus that modules talk through. Each module declares the events it emits by
 * merging into HearthEvents, so publish and subscribe are typed end to end. The in-process
 * implementation below is the default; a Redis one can fill the same interface to fan events
 * out across instances.
 */
import { deferred, type Deferred } from '../async/index.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HearthEvents {}

export type EventName = keyof HearthEvents;
export type EventHandler<K extends EventName> = (payload: HearthEvents[K]) => void | Promise<void>;
export type BatchHandler<K extends EventName> = (payloads: HearthEvents[K][]) => void | Promise<void>;

export interface EventBus {
  /** Called after the transaction that produced the event has committed. */
  publish<K extends EventName>(name: K, payload: HearthEvents[K]): void;
  /** Like publish, but resolves when every handler has finished and rejects if any failed
   * (the outbox uses it to know when an event has been fully handled). */
  dispatch<K extends EventName>(name: K, payload: HearthEvents[K]): Promise<void>;
  subscribe<K extends EventName>(name: K, handler: EventHandler<K>, options?: SubscribeOptions): () => void;
  /** Like subscribe, but the handler takes the events that arrived while its previous runs
   * were busy together (up to `max`, in arrival order; `runs` defaults to 1). For handlers
   * whose per-event work is mostly round trips that a batch can share: one transaction, one
   * multi-row statement. Each event settles with its batch; a batch that fails is handed over
   * again one event at a time, so only an event the handler refuses on its own fails. */
  subscribeBatch<K extends EventName>(name: K, handler: BatchHandler<K>, options?: BatchOptions): () => void;
  /** Resolves when every handler started so far has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
}

export interface SubscribeOptions {
  /**
   * At most this many runs of the handler at once; the rest wait their turn in memory (default:
   * no limit). For handlers whose runs all write the same few rows (the writer's points, the
   * post author's counters): run all at once, they queue on those rows' locks while each holds
   * a pooled PostgreSQL connection, and the requests behind them wait for a connection.
   */
  runs?: number;
}

export interface BatchOptions {
  /** Batches in handling at once (default 1: what queues meanwhile becomes the next batch). */
  runs?: number;
  /** Events per batch at most (default 100). */
  max?: number;
}

export interface BusLogger {
  error(obj: unknown, msg: string): void;
}

interface Lane {
  /** Settles when the handler has handled the payload. */
  deliver(payload: unknown): Promise<void>;
}

/** A handler with its own queue of runs. */
class SingleLane implements Lane {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly handler: (payload: unknown) => void | Promise<void>, private readonly limit: number) {}

  async deliver(payload: unknown): Promise<void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      await this.handler(payload);
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** A handler that takes what queued up while it was busy in one run. */
class BatchLane implements Lane {
  private active = 0;
  private queue: { payload: unknown; done: Deferred }[] = [];
  constructor(private readonly handler: (payloads: unknown[]) => void | Promise<void>, private readonly limit: number, private readonly max: number) {}

  deliver(payload: unknown): Promise<void> {
    const done = deferred();
    this.queue.push({ payload, done });
    this.pump();
    return done.promise;
  }

  private pump(): void {
    while (this.active < this.limit && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.max);
      this.active += 1;
      void this.handle(batch).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  /** A batch that fails is handled again one event at a time, so that one event the handler
   * cannot take fails alone instead of failing every event queued beside it. */
  private async handle(batch: { payload: unknown; done: Deferred }[]): Promise<void> {
    try {
      await this.handler(batch.map((b) => b.payload));
      for (const b of batch) b.done.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.done.reject(err);
        return;
      }
      for (const b of batch) await this.handle([b]);
    }
  }
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<EventName, Set<Lane>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: BusLogger) {}

  publish<K extends EventName>(name: K, payload: HearthEvents[K]): void {
    void this.dispatch(name, payload).catch(() => {});
  }

  dispatch<K extends EventName>(name: K, payload: HearthEvents[K]): Promise<void> {
    const set = this.handlers.get(name);
    if (!set) return Promise.resolve();
    let failed = false;
    const runs = [...set].map((lane) => {
      // Handlers run after the publisher's response path; one failure never affects another.
      const run: Promise<void> = Promise.resolve()
        .then(() => lane.deliver(payload))
        .catch((err: unknown) => {
          failed = true;
          this.log.error({ err, event: name }, 'event handler failed');
        })
        .finally(() => this.running.delete(run));
      this.running.add(run);
      return run;
    });
    return Promise.all(runs).then(() => {
      if (failed) throw new Error(`a handler of ${name} failed`);
    });
  }

  subscribe<K extends EventName>(name: K, handler: EventHandler<K>, options: SubscribeOptions = {}): () => void {
    return this.add(name, new SingleLane(handler as (payload: unknown) => void | Promise<void>, options.runs ?? Infinity));
  }

  subscribeBatch<K extends EventName>(name: K, handler: BatchHandler<K>, options: BatchOptions = {}): () => void {
    return this.add(name, new BatchLane(handler as (payloads: unknown[]) => void | Promise<void>, options.runs ?? 1, options.max ?? 100));
  }

  private add(name: EventName, lane: Lane): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(lane);
    return () => set.delete(lane);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export { MemoryRateLimiter, type RateLimiter, type RateDecision } from './rate-limiter.ts';
