import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { connect, createCategory, refusedStatus, writeComment, writePost } from './test-support.ts';

describe.each(dbTargets())('live notifications on $name', (target) => {
  let server: TestServer;
  let categoryId: string;

  beforeAll(async () => {
    // A short heartbeat so that the dead-client test does not wait half a minute.
    server = await startTestServer(target, { streamHeartbeatMs: 100 });
    const admin = await server.member({ role: 'admin' });
    categoryId = await createCategory(admin.client);
  });
  afterAll(async () => { await server.close(); });

  const follow = (who: SignedIn, whom: SignedIn) => who.client.put(`/api/v1/users/${whom.username}/follow`);

  it('pushes a reply to the other member the moment it is written', async () => {
    const [a, b] = await Promise.all([server.member(), server.member()]);
    const post = await writePost(a.client, categoryId, 'body', 'Live one');
    const { stream: streamA, hello: helloA } = await connect(server, a);
    const { stream: streamB } = await connect(server, b);
    expect(helloA).toMatchObject({ type: 'hello', unreadCount: 0 });

    const reply = await writeComment(b.client, post.id, 'I am replying live');
    const message = await streamA.next();
    expect(message).toMatchObject({
      type: 'notification', unreadCount: 1,
      notification: { kind: 'reply', actor: { id: b.id }, subject: { id: reply.id, postId: post.id, title: 'Live one' }, read: false },
    });
    expect(message.seq).toBe(message.notification.seq);

    // B heard nothing about its own comment: the first thing B hears is A's answer.
    const answer = await writeComment(a.client, post.id, 'thanks', reply.id);
    expect(await streamB.next()).toMatchObject({ type: 'notification', notification: { kind: 'reply', actor: { id: a.id }, subject: { id: answer.id } } });

    // Reading on one device updates the badge on the others.
    await a.client.post('/api/v1/notifications/read', {});
    expect(await streamA.next()).toEqual({ type: 'unread', unreadCount: 0 });
    await Promise.all([streamA.close(), streamB.close()]);
  });

  it('catches a reconnecting client up on exactly what it missed, in order', async () => {
    const a = await server.member();
    const others = await Promise.all(Array.from({ length: 6 }, () => server.member()));
    const first = await connect(server, a);
    await follow(others[0]!, a);
    await server.hearth.bus.idle();
    await follow(others[1]!, a);
    const m1 = await first.stream.next();
    const m2 = await first.stream.next();
    expect([m1.notification.actor.id, m2.notification.actor.id]).toEqual([others[0]!.id, others[1]!.id]);
    expect(m2.seq).toBeGreaterThan(m1.seq!);
    await first.stream.close();

    for (const other of others.slice(2, 5)) {
      await follow(other, a);
      await server.hearth.bus.idle();
    }
    const second = await connect(server, a, { since: m2.seq });
    expect(second.hello).toMatchObject({ type: 'hello', unreadCount: 5 });
    const missed = [await second.stream.next(), await second.stream.next(), await second.stream.next()];
    expect(missed.map((m) => m.notification.actor.id)).toEqual(others.slice(2, 5).map((o) => o.id));
    expect(missed.map((m) => m.unreadCount)).toEqual([5, 5, 5]);

    // Nothing is sent twice: the next message is the next new notification.
    await follow(others[5]!, a);
    const live = await second.stream.next();
    expect(live.notification.actor.id).toBe(others[5]!.id);
    expect(live.seq).toBeGreaterThan(missed[2]!.seq!);
    await second.stream.close();
  });

  it('accepts only the site itself as the origin of a browser connection', async () => {
    const a = await server.member();
    const cookie = `hearth_session=${a.client.cookie('hearth_session')}`;
    expect(await refusedStatus(server, { headers: { cookie, origin: 'https://evil.example' } })).toBe(403);
    expect(await refusedStatus(server, { headers: { cookie, origin: 'null' } })).toBe(403);
    // A cookie without an Origin is not a browser talking: it must use a token instead.
    expect(await refusedStatus(server, { headers: { cookie } })).toBe(403);
    expect(await refusedStatus(server, { headers: { origin: server.config.baseUrl } })).toBe(401);
    expect(await refusedStatus(server, { since: -1, headers: { cookie, origin: server.config.baseUrl } })).toBe(400);

    const token = (await a.client.post('/api/v1/me/tokens', { name: 'bot' })).body.token as string;
    const { stream, hello } = await connect(server, a, { origin: null, headers: { cookie: '', authorization: `Bearer ${token}` } });
    expect(hello.type).toBe('hello');
    await stream.close();
  });

  it('pings clients and drops the ones that stop answering', async () => {
    const a = await server.member();
    const healthy = await connect(server, a);
    const dead = await connect(server, a, { autoPong: false });
    let pings = 0;
    await new Promise<void>((resolve) => healthy.stream.ws.on('ping', () => { if (++pings === 3) resolve(); }));
    await dead.stream.closed;
    expect(healthy.stream.ws.readyState).toBe(healthy.stream.ws.OPEN);
    await healthy.stream.close();
  });
});
