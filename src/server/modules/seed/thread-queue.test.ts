import { describe, expect, it } from 'vitest';
import { Rng } from './random.ts';
import { ThreadQueue, type PendingThread } from './thread-queue.ts';

describe('thread queue', () => {
  it('hands out the comments of many threads in time order, each thread in its own order', () => {
    const rng = new Rng(5);
    const queue = new ThreadQueue();
    const all: number[] = [];
    for (let p = 0; p < 300; p++) {
      const times = new Float64Array(rng.int(20)).map(() => Math.floor(rng.next() * 1e6)).sort();
      all.push(...times);
      if (times.length > 0) queue.push({ postId: `p${p}`, times, next: 0, recent: [] });
    }
    const seen: number[] = [];
    const lastIndex = new Map<string, number>();
    const take = (until: number) => {
      for (let t: PendingThread | undefined = queue.peekBefore(until); t; t = queue.peekBefore(until)) {
        expect(t.next).toBe((lastIndex.get(t.postId) ?? -1) + 1);
        lastIndex.set(t.postId, t.next);
        seen.push(t.times[t.next]!);
        t.next += 1;
        queue.advanceTop();
      }
    };
    take(500_000);
    expect(seen.every((t) => t < 500_000)).toBe(true);
    take(Infinity);
    expect(queue.size).toBe(0);
    expect(seen).toEqual(all.sort((a, b) => a - b));
  });
});
