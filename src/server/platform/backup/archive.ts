import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Inventory } from './inventory.ts';

export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const SQLITE_FILE = 'hearth.db';
export const PG_DUMP_FILE = 'hearth.pgdump';
export const UPLOADS = 'uploads';

export interface Manifest {
  format: number;
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  /** The PostgreSQL schema the dump holds (restored under the same name). */
  schema?: string;
  tables: Inventory;
  /** sha256 over every table's row count and content hash. */
  checksum: string;
  uploads: { files: number; bytes: number };
}

/** Runs a program to completion; a non-zero exit becomes an error carrying the end of its
 * stderr, where the reason is. */
export function run(program: string, args: string[], options: { stdin?: NodeJS.ReadableStream; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'], env: options.env ?? process.env });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    if (options.stdin) options.stdin.pipe(child.stdin!);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(program)} exited with ${code}: ${stderr.trim().slice(-2000)}`));
    });
  });
}

/** Packs a staging folder into one .tar.gz, written beside the target and renamed into place
 * so a half-written archive never carries the final name. */
export async function pack(stagingDir: string, file: string): Promise<void> {
  const tmp = `${file}.partial-${process.pid}`;
  try {
    await run('tar', ['-czf', tmp, '-C', stagingDir, '.']);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export async function unpack(file: string, intoDir: string): Promise<Manifest> {
  // GNU tar keeps members inside the folder (it strips leading "/" and "../").
  await run('tar', ['-xzf', file, '-C', intoDir, '--no-same-owner']);
  const manifestPath = path.join(intoDir, MANIFEST);
  if (!fs.existsSync(manifestPath)) throw new BackupError(`${file} is not a Hearth backup (no ${MANIFEST})`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  if (manifest.format !== FORMAT_VERSION) throw new BackupError(`${file} has backup format ${manifest.format}; this Hearth reads format ${FORMAT_VERSION}`);
  return manifest;
}

/** A refusal or a failed check, reported to the operator as it is (no stack trace). */
export class BackupError extends Error {}

export function countFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}
