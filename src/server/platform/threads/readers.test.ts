import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadWorkers } from './index.ts';

// Read workers exist only for SQLite files (on PostgreSQL the server's pool already reads in
// parallel), so these tests have no PostgreSQL twin.
describe('read workers on a SQLite file', () => {
  let dir: string;
  let file: string;
  let writer: Database.Database;
  let readers: ReadWorkers;
  const start = (size: number) => {
    readers = new ReadWorkers({ sqliteFile: file, tasks: new URL('./test-tasks.ts', import.meta.url), data: { label: 'notes' }, size });
    return readers;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-readers-'));
    file = path.join(dir, 'hearth.db');
    writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec(`create table notes (id integer primary key, body text not null); insert into notes (body) values ('first')`);
  });
  afterEach(async () => {
    await readers?.close();
    writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the committed data, and sees later commits, but never writes', async () => {
    start(1);
    expect(await readers.run('notes', null)).toMatchObject({ bodies: ['first'], label: 'notes' });
    writer.prepare(`insert into notes (body) values ('second')`).run();
    expect(await readers.run('notes', null)).toMatchObject({ bodies: ['first', 'second'] });
    // A transaction still open on the writer is not seen.
    writer.exec('begin');
    writer.prepare(`insert into notes (body) values ('uncommitted')`).run();
    expect(await readers.run('notes', null)).toMatchObject({ bodies: ['first', 'second'] });
    writer.exec('rollback');
    await expect(readers.run('write', null)).rejects.toThrow(/readonly/i);
  });

  it('reads one commit throughout a task, and a task asked for after a commit sees it', async () => {
    start(1);
    await readers.run('notes', null); // the worker is up: the task starts at once
    const reading = readers.run<{ first: string[]; then: string[] }>('twice', 300);
    // Committed while the task pauses between its two reads; the next request, asked for
    // meanwhile, waits for that task to end, and must not share its older snapshot.
    await new Promise((resolve) => setTimeout(resolve, 100));
    writer.prepare(`insert into notes (body) values ('meanwhile')`).run();
    const after = readers.run('notes', null);
    expect(await reading).toEqual({ first: ['first'], then: ['first'] });
    expect(await after).toMatchObject({ bodies: ['first', 'meanwhile'] });
  });

  it('hands over answers in bytes intact, whether their memory moves or is copied', async () => {
    start(1);
    writer.prepare(`insert into notes (body) values ('第二条')`).run();
    const { own, slice } = await readers.run<{ own: Uint8Array; slice: Uint8Array }>('bytes', null);
    const text = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as string[];
    expect(text(own)).toEqual(['first', '第二条']);
    expect(text(slice)).toEqual(['first', '第二条']);
  });

  it('fails one request with its error and goes on serving the next ones', async () => {
    start(1);
    const before = await readers.run<{ threadId: number }>('notes', null);
    await expect(readers.run('fail', null)).rejects.toThrow('no such note');
    await expect(readers.run('unknown', null)).rejects.toThrow('no read task called unknown');
    expect((await readers.run<{ threadId: number }>('notes', null)).threadId).toBe(before.threadId);
  });

  it('fails the requests of a worker that exits and starts a new one for the next', async () => {
    start(1);
    const first = await readers.run<{ threadId: number }>('notes', null);
    const held = readers.run('hold', 200);
    await expect(readers.run('exit', null)).rejects.toThrow(/exited \(3\)/);
    await expect(held).rejects.toThrow(/exited/);
    const next = await readers.run<{ threadId: number; bodies: string[] }>('notes', null);
    expect(next.bodies).toEqual(['first']);
    expect(next.threadId).not.toBe(first.threadId);
  });

  it('spreads requests under way over at most its size of workers', async () => {
    start(2);
    const threads = await Promise.all(Array.from({ length: 6 }, () => readers.run<number>('hold', 50)));
    expect(new Set(threads).size).toBe(2);
    // Idle again: one request goes to a worker that is already running.
    expect(threads).toContain(await readers.run<number>('hold', 0));
  });

  it('refuses requests once closed', async () => {
    start(1);
    await readers.run('notes', null);
    await readers.close();
    await expect(readers.run('notes', null)).rejects.toThrow('closed');
  });
});
