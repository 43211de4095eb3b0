import { afterEach, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type TestServer } from '../../platform/testing/index.ts';

// Each case gets its own server: the counters are per process and every request comes from
// 127.0.0.1, which gets no exemption.
describe.each(dbTargets())('login and registration throttling on $name', (target) => {
  let server: TestServer | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });

  it('lets at most 5 parallel wrong guesses per account through, then 429 with retry-after even for the right password', async () => {
    server = await startTestServer(target);
    const victim = await server.member();
    const guesses = await Promise.all(Array.from({ length: 25 }, (_, i) =>
      server!.client().post('/api/v1/auth/login', { login: victim.username, password: `guess-${i}-wrong` })));
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const limited = guesses.find((g) => g.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/problem\+json/);

    // Switching from username to e-mail does not reset the account's counter.
    const viaEmail = await server.client().post('/api/v1/auth/login', { login: `${victim.username}@example.test`, password: victim.password });
    expect(viaEmail.status).toBe(429);
  });

  it('lets at most 20 failed attempts per IP through in parallel across many accounts', async () => {
    server = await startTestServer(target);
    const attempts = await Promise.all(Array.from({ length: 35 }, () =>
      server!.client().post('/api/v1/auth/login', { login: uniqueName('nobody'), password: 'wrong password' })));
    const statuses = attempts.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('does not count successful sign-ins as failures', async () => {
    server = await startTestServer(target);
    const m = await server.member();
    for (let i = 0; i < 8; i++) {
      expect((await server.client().post('/api/v1/auth/login', { login: m.username, password: m.password })).status).toBe(200);
    }
  });

  it('limits registrations per IP, and invalid attempts do not use up the allowance', async () => {
    server = await startTestServer(target, { registrationsPerIpPerHour: 10 });
    for (let i = 0; i < 5; i++) {
      const weak = await server.client().post('/api/v1/auth/register', { username: uniqueName(), email: `${uniqueName()}@x.test`, password: '123456' });
      expect(weak.status).toBe(400);
    }
    const burst = await Promise.all(Array.from({ length: 16 }, () => {
      const username = uniqueName('burst');
      return server!.client().post('/api/v1/auth/register', { username, email: `${username}@x.test`, password: 'a sturdy passphrase 42' });
    }));
    const statuses = burst.map((b) => b.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    const users = await server.hearth.ctx.db.selectFrom('users').select('id').where('username', 'like', 'burst%').execute();
    expect(users).toHaveLength(10);
  });
});
