/**
 * Hands memory the allocator keeps but no longer uses back to the operating system.
 *
 * glibc's malloc returns freed memory only from the top of a heap. Memory freed below a block
 * that is still in use stays in the process: on the large preset, a burst of post-page renders
 * left 27-40 MB of free memory in the main heap for the life of the server, which made its RSS
 * 318 MiB where 280 was in use (`gdb -p PID -batch -ex 'call (int)malloc_trim(0)'` on it:
 * [heap] in /proc/PID/smaps 46 → 13 MiB). malloc_trim walks every heap's free chunks and
 * releases the whole pages inside them. It runs on libuv's thread pool, so the event loop does
 * not wait for it, only a malloc that needs a heap while it is being walked (4-37 ms from
 * asking to done, thread pool queue included, under the bench's search and page loads); a page
 * it releases costs a page fault if it is used again.
 *
 * Only where the C library is glibc (linux, not musl or macOS); elsewhere it does nothing.
 */
import { createRequire } from 'node:module';

type Trim = { async(pad: number, done: (err: unknown, released: number) => void): void };

let trimFunction: Trim | null | undefined;

/** glibc's malloc_trim through koffi, or null where there is no glibc. */
function loadTrim(): Trim | null {
  if (trimFunction !== undefined) return trimFunction;
  trimFunction = null;
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as {
      load(path: string): { func(signature: string): Trim };
    };
    trimFunction = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
  } catch {
    // musl and other C libraries have no malloc_trim (and no libc.so.6).
  }
  return trimFunction;
}

/** Whether this process can trim (glibc on linux). */
export function canTrimMemory(): boolean {
  return loadTrim() !== null;
}

/** Releases the free pages of every malloc heap once; true if any were released. */
export function trimFreeMemory(): Promise<boolean> {
  const trim = loadTrim();
  if (!trim) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    trim.async(0, (err, released) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(released === 1)));
  });
}

/** Trims every `intervalMs` (ten seconds by default) until stopped; one trim at a time. */
export function trimFreeMemoryEvery(intervalMs = 10_000, onError: (err: unknown) => void = () => {}): () => void {
  if (!canTrimMemory()) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    trimFreeMemory().catch(onError).finally(() => { running = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
