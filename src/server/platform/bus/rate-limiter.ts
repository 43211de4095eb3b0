export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window frees a slot (only meaningful when refused). */
  retryAfterSec: number;
}

/**
 * Fixed-window counters. `consume` counts the attempt *before* the caller does the work, so
 * parallel requests cannot all slip through while the first is still running; callers
 * `refund` an attempt that turned out not to count (for example a successful login).
 */
export interface RateLimiter {
  consume(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Whether the key is already at its limit, without counting an attempt. */
  peek(key: string, limit: number): Promise<RateDecision>;
  refund(key: string): Promise<void>;
}

interface Window {
  count: number;
  resetAt: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = Date.now();

  async consume(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = Date.now();
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
    w.count += 1;
    return { allowed: true, retryAfterSec: 0 };
  }

  async peek(key: string, limit: number): Promise<RateDecision> {
    const now = Date.now();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now || w.count < limit) return { allowed: true, retryAfterSec: 0 };
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
  }

  async refund(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count -= 1;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
