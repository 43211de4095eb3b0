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
  subscribe<K extends EventName>(name: K, handler: EventHandler<K>): () => void;
  /** Resolves when every handler started so far has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
}

export interface BusLogger {
  error(obj: unknown, msg: string): void;
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<EventName, Set<EventHandler<never>>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: BusLogger) {}

  publish<K extends EventName>(name: K, payload: HearthEvents[K]): void {
    void this.dispatch(name, payload).catch(() => {});
  }

  dispatch<K extends EventName>(name: K, payload: HearthEvents[K]): Promise<void> {
    const set = this.handlers.get(name);
    if (!set) return Promise.resolve();
    let failed = false;
    const runs = [...set].map((handler) => {
      // Handlers run after the publisher's response path; one failure never affects another.
      const run: Promise<void> = Promise.resolve()
        .then(() => (handler as EventHandler<K>)(payload))
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

  subscribe<K extends EventName>(name: K, handler: EventHandler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler as EventHandler<never>);
    return () => set.delete(handler as EventHandler<never>);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export { MemoryRateLimiter, type RateLimiter, type RateDecision } from './rate-limiter.ts';
