import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from './index.ts';

declare module './index.ts' {
  interface HearthEvents {
    'test.bus.tick': { n: number };
  }
}

const quietLog = { error: () => {} };

describe('in-process event bus', () => {
  it('runs a limited handler at most `runs` at a time, every event in turn, and others without limit', async () => {
    const bus = new InProcessEventBus(quietLog);
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    let freePeak = 0;
    let freeActive = 0;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    bus.subscribe('test.bus.tick', async ({ n }) => {
      active += 1;
      peak = Math.max(peak, active);
      await pause();
      seen.push(n);
      active -= 1;
    }, { runs: 2 });
    bus.subscribe('test.bus.tick', async () => {
      freeActive += 1;
      freePeak = Math.max(freePeak, freeActive);
      await pause();
      freeActive -= 1;
    });
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => bus.dispatch('test.bus.tick', { n })));
    expect(peak).toBe(2);
    expect(freePeak).toBe(6);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps a limited handler going after one of its runs fails, and reports the failure', async () => {
    const bus = new InProcessEventBus(quietLog);
    const seen: number[] = [];
    bus.subscribe('test.bus.tick', async ({ n }) => {
      if (n === 1) throw new Error('boom');
      seen.push(n);
    }, { runs: 1 });
    const results = await Promise.allSettled([1, 2, 3].map((n) => bus.dispatch('test.bus.tick', { n })));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(seen).toEqual([2, 3]);
    await bus.idle();
  });

  it('hands a batch handler what queued while it was busy, in order, settling each event with its batch', async () => {
    const bus = new InProcessEventBus(quietLog);
    const batches: number[][] = [];
    bus.subscribeBatch('test.bus.tick', async (events) => {
      batches.push(events.map((e) => e.n));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }, { max: 3 });
    const settled: number[] = [];
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => bus.dispatch('test.bus.tick', { n }).then(() => settled.push(n))));
    // The first event starts a run at once; the next five wait and go in batches of at most three.
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    expect(settled.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('retries a failed batch one event at a time, so only the event the handler refuses fails', async () => {
    const bus = new InProcessEventBus(quietLog);
    const handled: number[] = [];
    bus.subscribeBatch('test.bus.tick', async (events) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (events.some((e) => e.n === 3)) throw new Error('boom');
      handled.push(...events.map((e) => e.n));
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => bus.dispatch('test.bus.tick', { n })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(handled.sort()).toEqual([1, 2, 4]);
  });
});
