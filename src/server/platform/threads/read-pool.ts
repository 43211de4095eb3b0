import type { Worker } from 'node:worker_threads';
import { deferred, type Deferred } from '../async/index.ts';
import type { ReadAnswer, ReadRequest, WorkerSetup } from './read-worker.ts';
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

class Slot {
  readonly pending = new Map<number, Deferred<unknown>>();
  readonly ready: Promise<void>;
  worker: Worker | undefined;
  gone = false;

  constructor(started: Promise<Worker>, private readonly onGone: (slot: Slot) => void) {
    this.ready = started.then((worker) => {
      this.worker = worker;
      worker.on('message', (answer: ReadAnswer | { ready: true }) => {
        if (!('id' in answer)) return;
        const waiting = this.pending.get(answer.id);
        this.pending.delete(answer.id);
        if ('error' in answer) waiting?.reject(new Error(`read worker: ${answer.error}`));
        else waiting?.resolve(answer.value);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => this.fail(new Error(`the read worker exited (${code})`)));
      return workerReady(worker, 'read');
    });
    this.ready.catch((err: unknown) => this.fail(err));
  }

  send(request: ReadRequest): void {
    if (!this.gone) this.worker!.postMessage(request);
  }

  fail(err: unknown): void {
    if (this.gone) return;
    this.gone = true;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
    this.onGone(this);
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
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: ReadWorkersOptions) {}

  run<O>(task: string, input: unknown): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the read workers are closed'));
    const slot = this.pick();
    const id = this.nextId++;
    const answer = deferred<unknown>();
    // Counted at once, so that requests arriving while a worker starts spread to the others.
    slot.pending.set(id, answer);
    slot.ready.then(() => slot.send({ id, task, input }), () => {});
    return answer.promise as Promise<O>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map(async (slot) => {
      slot.fail(new Error('the read workers are closed'));
      await slot.ready.catch(() => {});
      await slot.worker?.terminate();
    }));
  }

  private pick(): Slot {
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.pending.size < best.pending.size) best = slot;
    if (best && (best.pending.size === 0 || this.slots.length >= this.options.size)) return best;
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
