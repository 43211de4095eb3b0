import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, readThrough, runMigrations, type DbHandle, type ReadStatement } from '../../platform/db/index.ts';
import { allMigrations } from '../index.ts';
import { randomBytes } from 'node:crypto';
import { dbTargets, dropPgSchema } from '../../platform/testing/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { ShownCache, trimShownChanges, type ShownItem } from './shown-cache.ts';
import { PostgresShownChanges, trimPostgresShownChanges } from './shown-changes-postgres.ts';

const changesLogged = async (db: Db) => Number((await sql<{ n: number }>`select count(*) as n from search_shown_changes`.execute(db)).rows[0]!.n);

/** Adds a member straight to the table; returns the time it was created at. */
async function insertMember(db: Db, id: string): Promise<string> {
  const now = new Date().toISOString();
  await db.insertInto('users').values({
    id, username: id, username_lower: id, email: `${id}@example.com`, email_lower: `${id}@example.com`, password_hash: 'x',
    display_name: id.toUpperCase(), role: 'member', status: 'active', created_at: now, updated_at: now,
  } as never).execute();
  return now;
}

// The HTTP tests in search.test.ts show edits and hidden items through a running server; these
// cover what they cannot reach: a trimmed log, items loaded before a change was applied, and
// on PostgreSQL, transactions that commit out of the order of their log entries.
describe('the items a read worker keeps', () => {
  let dir: string;
  let handle: DbHandle;
  /** A connection of its own, as a read worker has: SQLite tells it of the others' commits. */
  let reader: DbHandle;
  let rids = 0;
  const item = (type: ShownItem['type'], id: string, postId?: string): ShownItem =>
    ({ type, id, rid: ++rids, title: id, postId, raw: id, markdown: false, source: null, size: 10 });
  const change = (type: string, id: string) => sql`insert into search_shown_changes (type, ref_id) values (${type}, ${id})`.execute(handle.db);
  /** The log as the reader's connection sees it. */
  let read: ReadStatement;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-shown-'));
    handle = await openDb(`sqlite:${path.join(dir, 'hearth.db')}`);
    await runMigrations(handle.db, 'sqlite', allMigrations);
    reader = await openDb(`sqlite:${path.join(dir, 'hearth.db')}`);
    read = readThrough(reader.db);
  });
  afterEach(async () => {
    await reader.close();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drops what the log names, and a post\'s comments with the post', async () => {
    const cache = new ShownCache();
    await cache.catchUp(read);
    cache.keep(cache.epoch(), [item('post', 'p1'), item('comment', 'c1', 'p1'), item('comment', 'c2', 'p2'), item('user', 'u1')]);
    await change('post', 'p1');
    await change('user', 'u1');
    await cache.catchUp(read);
    expect(['p1', 'c1', 'c2', 'u1'].map((id) => cache.get(id)?.id)).toEqual([undefined, undefined, 'c2', undefined]);
    // A comment of that post loaded after the change is current.
    cache.keep(cache.epoch(), [item('comment', 'c3', 'p1')]);
    expect(cache.get('c3')?.id).toBe('c3');
  });

  it('finds kept items by rid as by id, and forgets the rid with the item', async () => {
    const cache = new ShownCache(25); // room for two items of size 10
    await cache.catchUp(read);
    const [p1, c1, c2] = [item('post', 'p1'), item('comment', 'c1', 'p1'), item('comment', 'c2', 'p2')];
    cache.keep(cache.epoch(), [p1, c1]);
    expect([cache.byRid(p1.rid)?.id, cache.byRid(c1.rid)?.id]).toEqual(['p1', 'c1']);
    // A changed post takes its comment with it, by rid too.
    await change('post', 'p1');
    await cache.catchUp(read);
    expect([cache.byRid(p1.rid), cache.byRid(c1.rid)]).toEqual([undefined, undefined]);
    // Evicted for room, gone by rid; replaced, the rid names the new copy.
    const [u1, u2] = [item('user', 'u1'), item('user', 'u2')];
    cache.keep(cache.epoch(), [c2, u1, u2]);
    expect(cache.byRid(c2.rid)).toBeUndefined();
    const u1again = { ...u1, title: 'renamed' };
    cache.keep(cache.epoch(), [u1again]);
    expect(cache.byRid(u1.rid)?.title).toBe('renamed');
  });

  it('starts over when the log was trimmed past what it had read', async () => {
    const cache = new ShownCache();
    await cache.catchUp(read);
    cache.keep(cache.epoch(), [item('post', 'p1'), item('post', 'p2')]);
    for (let i = 0; i < 10_001; i++) await change('post', `other${i}`);
    await trimShownChanges(handle.db);
    await cache.catchUp(read);
    expect(cache.get('p2')).toBeUndefined();
    // And follows the log from where it stands now.
    cache.keep(cache.epoch(), [item('post', 'p3')]);
    await cache.catchUp(read);
    expect(cache.get('p3')?.id).toBe('p3');
  });

  it('does not keep items loaded before a change it has since applied', async () => {
    const cache = new ShownCache();
    await cache.catchUp(read);
    const loadedAt = cache.epoch();
    await change('post', 'p1');
    await cache.catchUp(read);
    cache.keep(loadedAt, [item('post', 'p1')]);
    expect(cache.get('p1')).toBeUndefined();
  });

  it('starts over once it has noted more changed posts than it keeps track of', async () => {
    const cache = new ShownCache();
    cache.keep(cache.epoch(), [item('post', 'p1'), item('comment', 'c1', 'p2')]);
    cache.forget(Array.from({ length: 10_000 }, (_, i) => ({ type: 'post', ref_id: `other${i}` })));
    expect([cache.get('p1')?.id, cache.get('c1')?.id]).toEqual(['p1', 'c1']);
    cache.forget([{ type: 'post', ref_id: 'one more' }]);
    expect([cache.get('p1')?.id, cache.get('c1')?.id]).toEqual([undefined, undefined]);
  });

  it('is written by the tables\' own triggers, only for what a result shows', async () => {
    const count = () => changesLogged(handle.db);
    const now = await insertMember(handle.db, 'u1');
    expect(await count()).toBe(0);
    await handle.db.updateTable('users').set({ updated_at: now }).where('id', '=', 'u1').execute();
    expect(await count()).toBe(0);
    await handle.db.updateTable('users').set({ bio: 'hello' }).where('id', '=', 'u1').execute();
    expect(await count()).toBe(1);
  });
});

describe.each(dbTargets().filter((t) => t.name === 'postgres'))('the items a PostgreSQL server keeps', (target) => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let handle: DbHandle;
  const item = (id: string): ShownItem => ({ type: 'post', id, rid: 1, title: id, raw: id, markdown: false, source: null, size: 10 });
  const change = (db: Db, id: string) => sql`insert into search_shown_changes (type, ref_id) values ('post', ${id})`.execute(db);
  /** What a search does: reads the log in a statement of its own snapshot, then applies it. */
  const read = async (changes: PostgresShownChanges) => {
    const alongside = await changes.beforeSearch();
    const { rows } = await sql<{ v: unknown }>`select ${alongside.expression} as v`.execute(handle.db);
    alongside.receive(rows[0]!.v);
  };

  beforeEach(async () => {
    handle = await openDb(target.url!, { pgSchema: schema });
    await runMigrations(handle.db, 'postgres', allMigrations);
  });
  afterEach(async () => {
    await handle.close();
    await dropPgSchema(target.url!, schema);
  });

  it('drops an item whose change commits after a later change was read', async () => {
    const changes = new PostgresShownChanges(new ShownCache());
    const { cache } = changes;
    await read(changes);
    cache.keep(cache.epoch(), [item('p1'), item('p2'), item('p3')]);
    await handle.db.transaction().execute(async (trx) => {
      // p1's entry comes first in the log, but its transaction commits last.
      await change(trx, 'p1');
      await change(handle.db, 'p2');
      await read(changes);
      expect([cache.get('p1')?.id, cache.get('p2')?.id]).toEqual(['p1', undefined]);
    });
    await read(changes);
    expect(cache.get('p1')).toBeUndefined();
    // Nothing new: what is kept stays kept.
    await read(changes);
    cache.keep(cache.epoch(), [item('p4')]);
    await read(changes);
    expect([cache.get('p3')?.id, cache.get('p4')?.id]).toEqual(['p3', 'p4']);
  });

  it('trims what every reader has read, and entries a restore brought from another cluster', async () => {
    const refs = async () => (await sql<{ ref_id: string }>`select ref_id from search_shown_changes order by seq`.execute(handle.db)).rows.map((r) => r.ref_id);
    await change(handle.db, 'old');
    await change(handle.db, 'new');
    // As a mark taken between the two would say, were no other transaction running then.
    const { rows } = await sql<{ xmin: string }>`select xid::text as xmin from search_shown_changes where ref_id = 'new'`.execute(handle.db);
    await sql`insert into search_shown_changes (type, ref_id, xid) values ('post', 'restored', (pg_current_xact_id()::text::bigint + 1000000)::text::xid8)`.execute(handle.db);
    // A mark taken just now protects everything; one taken 21 minutes ago, before 'new', does not protect 'old'.
    await trimPostgresShownChanges(handle.db, []);
    expect(await refs()).toEqual(['old', 'new']);
    await trimPostgresShownChanges(handle.db, [{ at: Date.now() - 21 * 60_000, xmin: rows[0]!.xmin }]);
    expect(await refs()).toEqual(['new']);
  });

  it('is written by the tables\' own triggers, only for what a result shows', async () => {
    const count = () => changesLogged(handle.db);
    const now = await insertMember(handle.db, 'u1');
    await handle.db.updateTable('users').set({ updated_at: now }).where('id', '=', 'u1').execute();
    expect(await count()).toBe(0);
    await handle.db.updateTable('users').set({ bio: 'hello' }).where('id', '=', 'u1').execute();
    await handle.db.deleteFrom('users').where('id', '=', 'u1').execute();
    expect(await count()).toBe(2);
  });
});
