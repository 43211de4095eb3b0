/** A thread whose comments are still to be written: its reply times, sorted, and how far it got. */
export interface PendingThread {
  postId: string;
  times: Float64Array;
  next: number;
  /** Ids of its latest comments, for replies to replies (the generator looks back a few only). */
  recent: string[];
}

/**
 * Threads ordered by the time of their next comment (a binary min-heap). The generator walks
 * posts in time order and, before each post, writes every comment due before it, so rows land
 * in the tables in the order of their ids: reading a table by id is then a sequential scan
 * (the search index rebuild at the large preset depends on it).
 */
export class ThreadQueue {
  private readonly heap: PendingThread[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(thread: PendingThread): void {
    const heap = this.heap;
    heap.push(thread);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (due(heap[parent]!) <= due(thread)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = thread;
  }

  /** The thread whose next comment is due first, if it is due before `until`; it stays queued. */
  peekBefore(until: number): PendingThread | undefined {
    const top = this.heap[0];
    return top && due(top) < until ? top : undefined;
  }

  /** Call after the top thread's `next` advanced: re-files it, or drops it when it is done. */
  advanceTop(): void {
    const heap = this.heap;
    const top = heap[0]!;
    if (top.next < top.times.length) {
      this.siftDownFromRoot(top);
      return;
    }
    const last = heap.pop()!;
    if (heap.length > 0) this.siftDownFromRoot(last);
  }

  /** Puts `item` in the root slot and moves it down to where it belongs. */
  private siftDownFromRoot(item: PendingThread): void {
    const heap = this.heap;
    const n = heap.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && due(heap[child + 1]!) < due(heap[child]!)) child += 1;
      if (due(heap[child]!) >= due(item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}

function due(thread: PendingThread): number {
  return thread.times[thread.next]!;
}
