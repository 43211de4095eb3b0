import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { canTrimMemory, trimFreeMemory } from './index.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const rssMiB = () => process.memoryUsage().rss / 1048576;

describe('memory trimming', () => {
  it('is available on this machine (linux with glibc, as in CI)', () => {
    expect(canTrimMemory()).toBe(process.platform === 'linux' && Boolean((process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime));
  });

  it.runIf(canTrimMemory())('gives back memory freed below memory still in use', async () => {
    // 60 MB of small native blocks, one in fifty kept: the rest is freed, but the kept ones
    // pin it in the heap, as a burst of requests does with the blocks it leaves behind.
    let blocks: Buffer[] | null = [];
    const kept: Buffer[] = [];
    for (let i = 0; i < 60_000; i++) {
      const block = Buffer.allocUnsafeSlow(1000).fill(i % 256);
      blocks.push(block);
      if (i % 50 === 0) kept.push(block);
    }
    blocks = null;
    collectGarbage();
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = rssMiB();
    expect(await trimFreeMemory()).toBe(true);
    expect(before - rssMiB()).toBeGreaterThan(30);
    expect(kept.every((block, i) => block[0] === (i * 50) % 256)).toBe(true);
  });
});
