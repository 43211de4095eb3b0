/** A progress bar for long CLI jobs (seed, reindex) with rate and ETA on stderr; plain periodic lines when stderr is not a terminal. */
export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private phase = '';

  constructor(private readonly total: number, private readonly out: NodeJS.WriteStream | null = process.stderr) {}

  setPhase(phase: string): void {
    this.phase = phase;
    this.draw(true);
  }

  advance(n = 1): void {
    this.done += n;
    const now = Date.now();
    if (now - this.lastDraw >= (this.out?.isTTY ? 200 : 5000)) this.draw(false);
  }

  private draw(force: boolean): void {
    if (!this.out) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const fraction = Math.min(1, this.done / Math.max(1, this.total));
    const rate = this.done / Math.max(elapsed, 0.001);
    const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ` +
      `${this.phase} ${Math.round(rate).toLocaleString('en')} rows/s, elapsed ${formatSeconds(elapsed)}, ETA ${formatSeconds(eta)}`;
    if (this.out.isTTY) this.out.write(`\r${line.padEnd(110)}`);
    else this.out.write(`${line}\n`);
  }

  end(): void {
    this.done = this.total;
    this.draw(true);
    if (this.out?.isTTY) this.out.write('\n');
  }
}

export function formatSeconds(s: number): string {
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  return m > 0 ? `${m}m${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}
