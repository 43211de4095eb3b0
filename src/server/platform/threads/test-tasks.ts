/** Read tasks for readers.test.ts. */
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import type { Db } from '../db/index.ts';

export function createReadTasks(db: Db, data: { label: string }) {
  return {
    async notes() {
      const { rows } = await sql<{ body: string }>`select body from notes order by id`.execute(db);
      return { bodies: rows.map((r) => r.body), label: data.label, threadId };
    },
    /** The notes as UTF-8 JSON twice: once in bytes of their own (moved), once in a slice of a
     * bigger buffer (copied, as the rest of that buffer is not the answer's). */
    async bytes() {
      const { rows } = await sql<{ body: string }>`select body from notes order by id`.execute(db);
      const json = new TextEncoder().encode(JSON.stringify(rows.map((r) => r.body)));
      const shared = new Uint8Array(json.length + 8);
      shared.set(json, 4);
      return { own: json, slice: shared.subarray(4, 4 + json.length) };
    },
    async write() {
      await sql`insert into notes (body) values ('from a reader')`.execute(db);
    },
    async fail() {
      throw new Error('no such note');
    },
    async exit() {
      process.exit(3);
    },
    /** The notes, then again after a pause in which the test commits another. */
    async twice(ms: number) {
      const read = async () => (await sql<{ body: string }>`select body from notes order by id`.execute(db)).rows.map((r) => r.body);
      const first = await read();
      await sleep(ms);
      return { first, then: await read() };
    },
    async hold(ms: number) {
      await sleep(ms);
      return threadId;
    },
  };
}
