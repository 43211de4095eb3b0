import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx; gives up early if `child` exits first. */
export async function waitFor(url: string, ms: number, child?: Child): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && (child.proc.exitCode !== null || child.proc.signalCode !== null)) throw new Error(`the process behind ${url} exited`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up within ${ms} ms`);
}

/** Resident set size of a process in MiB (Linux), or null when unknown. */
export function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export interface Child {
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Children still running, stopped when the bench exits however it ends: a run that failed
 * (a server that did not start, a closed pipe) had left the bare hello server and Hearth
 * running, and every later run measured beside them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(128 + os.constants.signals[signal]));

export function run(args: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'pipe' = 'pipe'): Child {
  // Nothing reads a child's standard output here, so it goes nowhere: a pipe nobody read filled
  // up, and a server's logger then never finished flushing it on exit (sonic-boom's flushSync
  // retries a failed write forever), so servers outlived their bench runs.
  const proc = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', stdio === 'pipe' ? 'ignore' : stdio, stdio] });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  proc.on('exit', (code, signal) => {
    if (code && code !== 0 && signal === null) process.stderr.write(`${args.join(' ')} exited with ${code}\n${stderr}\n`);
  });
  return {
    proc,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}

export function runToEnd(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { proc } = run(args, env, 'inherit');
  return new Promise((resolve, reject) => proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`)))));
}
