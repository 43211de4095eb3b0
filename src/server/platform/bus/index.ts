/**
 * The event bus that modules talk through. Each module declares the events it emits by
 * merging into HearthEvents, so publish and subscribe are typed end to end. The in-process
 * implementation below is the default; a Redis one can fill the same interface to fan events
 * out across instances.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HearthEvents {}

export type EventName = keyof HearthEvents;
export type EventHandler<K extends EventName> = (payload: HearthEvents[K]) => void | Promise<void>;

export interface EventBus {
  /** Called after the transaction that produced the event has committed. */
  publish<K extends EventName>(name: K, payload: HearthEvents[K]): void;
  /** Like publish, but resolves when every handler has finished and rejects if any failed
   * (the outbox uses it to know when an event has been fully handled). */
  dispatch<K extends EventName>(name: K, payload: HearthEvents[K]): Promise<void>;
  subscribe<K extends EventName>(name: K, handler: EventHandler<K>, options?: SubscribeOptions): () => void;
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

export interface BusLogger {
  error(obj: unknown, msg: string): void;
}

/** A handler with its own queue of runs. */
class Lane {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly handler: EventHandler<never>, private readonly limit: number) {}

  async run(task: () => void | Promise<void>): Promise<void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
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
        .then(() => lane.run(() => (lane.handler as EventHandler<K>)(payload)))
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
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    const lane = new Lane(handler as EventHandler<never>, options.runs ?? Infinity);
    set.add(lane);
    return () => set.delete(lane);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export { MemoryRateLimiter, type RateLimiter, type RateDecision } from './rate-limiter.ts';
