import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/index.ts';
import { dbTargets, startTestServer, type TestServer } from '../testing/index.ts';
import { Outbox } from './index.ts';

describe.each(dbTargets())('event outbox on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  const pending = () => server.hearth.ctx.db.selectFrom('event_outbox').selectAll().execute();

  it('delivers what a committed transaction emitted, then forgets it', async () => {
    const seen: string[] = [];
    const off = server.hearth.bus.subscribe('accounts.user.followed', (e) => { seen.push(e.followeeId); });
    const a = await server.member();
    const b = await server.member();
    expect((await a.client.put(`/api/v1/users/${b.username}/follow`)).status).toBe(200);
    await server.hearth.bus.idle();
    await server.hearth.ctx.outbox.flush();
    off();
    expect(seen).toContain(b.id);
    expect((await pending()).filter((r) => r.payload.includes(b.id))).toEqual([]);
  });

  it('emits nothing when the transaction rolls back', async () => {
    const seen: string[] = [];
    const off = server.hearth.bus.subscribe('accounts.user.followed', (e) => { seen.push(e.followerId); });
    await expect(server.hearth.ctx.outbox.transaction(async (_trx, emit) => {
      emit('accounts.user.followed', { followerId: 'rolled-back', followeeId: 'x' });
      throw new Error('abort');
    })).rejects.toThrow('abort');
    await server.hearth.bus.idle();
    off();
    expect(seen).not.toContain('rolled-back');
    expect((await pending()).filter((r) => r.payload.includes('rolled-back'))).toEqual([]);
  });

  it('replays events a crash left behind, and keeps failing ones for another try', async () => {
    const db = server.hearth.ctx.db;
    const [a, b, c] = [await server.member(), await server.member(), await server.member()];
    const orphanId = newId();
    const failingId = newId();
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    await db.insertInto('event_outbox').values([
      { id: orphanId, name: 'accounts.user.followed', payload: JSON.stringify({ followerId: a.id, followeeId: b.id }), attempts: 0, created_at: old },
      { id: failingId, name: 'accounts.user.followed', payload: JSON.stringify({ followerId: c.id, followeeId: b.id }), attempts: 0, created_at: old },
    ]).execute();
    const seen: string[] = [];
    const off = server.hearth.bus.subscribe('accounts.user.followed', (e) => {
      if (e.followerId === c.id) throw new Error('handler failed');
      seen.push(e.followerId);
    });
    expect(await server.hearth.ctx.outbox.replay()).toBeGreaterThanOrEqual(2);
    await server.hearth.bus.idle();
    await server.hearth.ctx.outbox.flush();
    off();
    expect(seen).toContain(a.id);
    const rows = await pending();
    expect(rows.find((r) => r.id === orphanId)).toBeUndefined();
    expect(rows.find((r) => r.id === failingId)?.attempts).toBe(1);
    await db.deleteFrom('event_outbox').where('id', '=', failingId).execute();
  });

  it('makes writers wait for their own events once the handlers fall far behind, and never replays an event still being handled', async () => {
    const [a, b] = [await server.member(), await server.member()];
    // Nothing else pending, so that the replay below has only this test's events to consider.
    await server.hearth.bus.idle();
    await server.hearth.ctx.outbox.flush();
    const outbox = new Outbox(server.hearth.ctx.db, server.hearth.bus, console, { maxInFlight: 3 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let handled = 0;
    const off = server.hearth.bus.subscribe('accounts.user.followed', async (e) => {
      if (e.followerId !== a.id) return;
      await gate;
      handled += 1;
    });
    const follow = () => outbox.transaction(async (_trx, emit) => { emit('accounts.user.followed', { followerId: a.id, followeeId: b.id }); });
    // Three events in handling: writers still return at once.
    for (let i = 0; i < 3; i += 1) await follow();
    expect(outbox.backlog).toBe(3);
    // The fourth writer waits until its event is handled.
    let fourthDone = false;
    const fourth = follow().then(() => { fourthDone = true; });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fourthDone).toBe(false);
    expect(outbox.backlog).toBe(4);
    // A replay meanwhile leaves the events in handling alone.
    await outbox.replay(0);
    expect(outbox.backlog).toBe(4);
    release();
    await fourth;
    await server.hearth.bus.idle();
    await outbox.flush();
    off();
    expect(handled).toBe(4);
    expect(outbox.backlog).toBe(0);
  });
});
