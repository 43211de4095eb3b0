import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, dropPgSchema } from '../testing/index.ts';
import { openDb, type DbHandle } from './index.ts';

// The tests' own table is not part of the typed Database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (h: DbHandle) => h.db as unknown as Kysely<any>;

/**
 * Overlapping transactions share one COMMIT on SQLite (sqlite-driver.ts); on PostgreSQL they are
 * plain transactions. Either way each one must behave as if alone: settled means on disk and seen
 * by every other connection, and one that fails takes only its own writes with it.
 */
describe.each(dbTargets())('overlapping transactions on $name', (target) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-group-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = target.url ?? `sqlite:${path.join(dir, 'g.db')}`;
  const options = target.url ? { pgSchema: schema } : {};
  let writer: DbHandle;
  let reader: DbHandle;

  beforeAll(async () => {
    writer = await openDb(url, options);
    await sql`create table entries (id integer primary key, label varchar(20) not null unique)`.execute(writer.db);
    writer.enableGroupCommit();
    reader = await openDb(url, options);
  });
  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (target.url) await dropPgSchema(target.url, schema);
  });

  const labels = async (h: DbHandle) =>
    (await untyped(h).selectFrom('entries').select('label').orderBy('id').execute()).map((r) => r.label as string);

  it('keeps every settled transaction and drops only the ones that failed', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) =>
      untyped(writer).transaction().execute(async (trx) => {
        await trx.insertInto('entries').values({ id: i * 2, label: `a${i}` }).execute();
        await trx.insertInto('entries').values({ id: i * 2 + 1, label: `b${i}` }).execute();
        // Every seventh fails after writing: a duplicate label breaks the unique index.
        if (i % 7 === 3) await trx.insertInto('entries').values({ id: 1000 + i, label: 'a0' }).execute();
        return i;
      })));
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([3, 10, 17, 24, 31, 38]);
    const expected = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`a${i}`, `b${i}`] : []));
    // Another connection sees exactly the settled ones: they were committed before settling.
    expect(await labels(reader)).toEqual(expected);
  });

  it('commits a write made outside any transaction before it returns', async () => {
    const pending = untyped(writer).transaction().execute((trx) => trx.insertInto('entries').values({ id: 5000, label: 'in-group' }).execute());
    await untyped(writer).insertInto('entries').values({ id: 5001, label: 'alone' }).execute();
    expect(await labels(reader)).toEqual(expect.arrayContaining(['alone']));
    await pending;
    expect(await labels(reader)).toEqual(expect.arrayContaining(['in-group', 'alone']));
  });
});
