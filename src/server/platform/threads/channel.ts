import { parentPort, type Worker } from 'node:worker_threads';
import { deferred, type Deferred } from '../async/index.ts';

interface Request {
  id: number;
  body: unknown;
}
type Answer = { id: number; value: unknown } | { id: number; error: string };

/**
 * Requests to a worker thread and their answers, matched by id. Once the worker fails or
 * exits, every request under way and every later one fails with that error.
 */
export class WorkerChannel {
  private nextId = 0;
  private readonly pending = new Map<number, Deferred<unknown>>();
  private failure: unknown;

  constructor(readonly worker: Worker, what: string, private readonly onFail?: (err: unknown) => void) {
    worker.on('message', (answer: Answer | { ready: true }) => {
      if (!('id' in answer)) return;
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('error' in answer) waiting?.reject(new Error(`${what} worker: ${answer.error}`));
      else waiting?.resolve(answer.value);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the ${what} worker exited (${code})`)));
  }

  /** Requests under way. */
  get size(): number {
    return this.pending.size;
  }

  request<T>(body: unknown): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const answer = deferred<unknown>();
    this.pending.set(id, answer);
    this.worker.postMessage({ id, body } satisfies Request);
    return answer.promise as Promise<T>;
  }

  fail(err: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
    this.onFail?.(err);
  }
}

/** The memory of an answer's bytes, moved rather than copied when they own all of it (a
 * Buffer from Node's shared pool does not, and is copied). */
function movable(value: unknown): ArrayBuffer[] {
  if (!(value instanceof Object)) return [];
  const found: ArrayBuffer[] = [];
  for (const part of Object.values(value)) {
    if (part instanceof Uint8Array && part.buffer instanceof ArrayBuffer && part.byteOffset === 0 && part.byteLength === part.buffer.byteLength) found.push(part.buffer);
  }
  return found;
}

/** In a worker thread: answers each request with what `handle` returns or the error it throws.
 * Bytes an answer holds at its top level (a Uint8Array property) move to the asking thread. */
export function answerRequests(handle: (body: never) => unknown): void {
  parentPort!.on('message', ({ id, body }: Request) => {
    Promise.resolve().then(() => handle(body as never)).then(
      (value) => parentPort!.postMessage({ id, value } satisfies Answer, movable(value)),
      (err: unknown) => parentPort!.postMessage({ id, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Answer),
    );
  });
}
