import type { Worker } from 'node:worker_threads';
import { WorkerChannel } from './channel.ts';
import type { ReadRequest, WorkerSetup } from './read-worker.ts';
import { fileImport, startWorker, workerReady } from './start.ts';

export interface ReadWorkersOptions {
  sqliteFile: string;
  /** The module whose createReadTasks(db, data) builds the tasks (see read-worker.ts). */
  tasks: URL;
  /** Passed to createReadTasks in every worker (structured-cloneable). */
  data?: unknown;
  /** Worker threads at most; each has its own connection. */
  size: number;
}

/**
 * A worker's heap is kept small: a read holds little, and the young generation would otherwise
 * grow to 32 MB per worker. A runaway task ends its worker (its requests fail and the next
 * request starts a new one), not the server.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/** One worker of the pool; requests made while it starts wait for it. */
class Slot {
  private channel: WorkerChannel | undefined;
  private readonly ready: Promise<WorkerChannel>;
  private waiting = 0;
  private closed = false;

  constructor(started: Promise<Worker>, onGone: (slot: Slot) => void) {
    this.ready = started.then(async (worker) => {
      const channel = new WorkerChannel(worker, 'read', () => onGone(this));
      this.channel = channel;
      await workerReady(worker, 'read');
      return channel;
    });
    this.ready.catch(() => onGone(this));
  }

  /** Requests under way or waiting for the worker to start. */
  get load(): number {
    return this.waiting + (this.channel?.size ?? 0);
  }

  async run<O>(request: ReadRequest): Promise<O> {
    this.waiting += 1;
    let channel: WorkerChannel;
    try {
      channel = await this.ready;
    } finally {
      this.waiting -= 1;
    }
    if (this.closed) throw new Error('the read workers are closed');
    return channel.request<O>(request);
  }

  async close(): Promise<void> {
    this.closed = true;
    const channel = await this.ready.catch(() => undefined);
    channel?.fail(new Error('the read workers are closed'));
    await channel?.worker.terminate();
  }
}

/**
 * A pool of read workers over one SQLite file. Workers start on first use (a server that is
 * never searched never pays for them); a request goes to the worker with the fewest under way.
 * Each worker reads the database as last committed: a write of the server's open commit group
 * shows once it is durable.
 */
export class ReadWorkers {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(private readonly options: ReadWorkersOptions) {}

  run<O>(task: string, input: unknown): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the read workers are closed'));
    // Counted at once (see Slot.load), so that requests arriving while a worker starts spread
    // to the others.
    return this.pick().run<O>({ task, input, askedAt: process.hrtime.bigint() });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((slot) => slot.close()));
  }

  private pick(): Slot {
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.load < best.load) best = slot;
    if (best && (best.load === 0 || this.slots.length >= this.options.size)) return best;
    return this.spawn();
  }

  private spawn(): Slot {
    const entry = `import { serveReadTasks } from ${fileImport(new URL('./read-worker.ts', import.meta.url))};
      import * as tasks from ${fileImport(this.options.tasks)};
      await serveReadTasks(tasks);`;
    const workerData: WorkerSetup = { sqliteFile: this.options.sqliteFile, data: this.options.data };
    const slot = new Slot(startWorker(entry, { workerData, resourceLimits: WORKER_LIMITS }), (gone) => {
      const at = this.slots.indexOf(gone);
      if (at !== -1) this.slots.splice(at, 1);
    });
    this.slots.push(slot);
    return slot;
  }
}
