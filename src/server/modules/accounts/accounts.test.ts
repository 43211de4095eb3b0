import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type TestServer } from '../../platform/testing/index.ts';

describe.each(dbTargets())('accounts on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  const strong = 'a sturdy passphrase 42';

  it('registers, signs in with username or e-mail, shows me, signs out', async () => {
    const c = server.client();
    const username = uniqueName('reg');
    const reg = await c.post('/api/v1/auth/register', { username, email: `${username}@Example.test`, password: strong });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ username, email: `${username}@Example.test`, roles: ['member'], points: 0, level: 1 });
    expect(JSON.stringify(reg.body)).not.toMatch(/password|hash/i);

    const cookie = reg.headers.getSetCookie().find((l) => l.startsWith('hearth_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie.split(';')[0]!.split('=')[1]!.length).toBeGreaterThanOrEqual(22);

    const me = await c.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(username);

    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/me')).status).toBe(401);

    const byEmail = await c.post('/api/v1/auth/login', { login: `${username.toUpperCase()}@example.TEST`, password: strong });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.user.username).toBe(username);
    const byName = await server.client().post('/api/v1/auth/login', { login: username, password: strong });
    expect(byName.status).toBe(200);
  });

  it('rotates the session at login and ends the old one', async () => {
    const m = await server.member();
    const before = m.client.cookie('hearth_session')!;
    const again = await m.client.post('/api/v1/auth/login', { login: m.username, password: m.password });
    expect(again.status).toBe(200);
    const after = m.client.cookie('hearth_session')!;
    expect(after).not.toBe(before);
    const stale = server.client();
    stale.setCookie('hearth_session', before);
    expect((await stale.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses duplicates with 409 and weak passwords with 400, in the asked language', async () => {
    const m = await server.member();
    const c = server.client();
    const dupName = await c.post('/api/v1/auth/register', { username: m.username.toUpperCase(), email: `${uniqueName()}@x.test`, password: strong });
    expect(dupName.status).toBe(409);
    expect(dupName.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(dupName.body.errors[0].field).toBe('username');
    const dupEmail = await c.post('/api/v1/auth/register', { username: uniqueName(), email: `${m.username}@example.test`, password: strong });
    expect(dupEmail.status).toBe(409);
    expect(dupEmail.body.errors[0].field).toBe('email');

    for (const password of ['short', 'password123', '12345678', 'x'.repeat(129)]) {
      const res = await c.post('/api/v1/auth/register', { username: uniqueName(), email: `${uniqueName()}@x.test`, password });
      expect(res.status, password).toBe(400);
      expect(res.body.errors[0].field).toBe('password');
    }
    c.lang = 'en';
    const en = await c.post('/api/v1/auth/register', { username: uniqueName(), email: `${uniqueName()}@x.test`, password: 'password1' });
    expect(en.body.errors[0].message).toMatch(/common/);
    c.lang = 'zh-CN,zh;q=0.9';
    const zh = await c.post('/api/v1/auth/register', { username: uniqueName(), email: `${uniqueName()}@x.test`, password: 'password1' });
    expect(zh.body.errors[0].message).toMatch(/常见/);
    const badName = await c.post('/api/v1/auth/register', { username: '<script>', email: `${uniqueName()}@x.test`, password: strong });
    expect(badName.status).toBe(400);
    const missing = await c.post('/api/v1/auth/register', { username: uniqueName() });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('ignores role and other privileged fields sent at registration', async () => {
    const c = server.client();
    const username = uniqueName('sneaky');
    const res = await c.post('/api/v1/auth/register', { username, email: `${username}@x.test`, password: strong, role: 'admin', roles: ['admin'], points: 999 });
    expect(res.status).toBe(201);
    expect(res.body.user.roles).toEqual(['member']);
    expect(res.body.user.points).toBe(0);
  });

  it('answers 401 for wrong credentials without saying which part was wrong', async () => {
    const m = await server.member();
    const wrongPw = await server.client().post('/api/v1/auth/login', { login: m.username, password: 'not the password' });
    const noUser = await server.client().post('/api/v1/auth/login', { login: uniqueName('ghost'), password: 'not the password' });
    expect(wrongPw.status).toBe(401);
    expect(noUser.status).toBe(401);
    expect(wrongPw.body.detail).toBe(noUser.body.detail);
  });

  it('issues personal access tokens that work as bearer tokens, are stored hashed and can be revoked', async () => {
    const m = await server.member();
    const created = await m.client.post('/api/v1/me/tokens', { name: 'ci' });
    expect(created.status).toBe(201);
    const { token, id } = created.body;
    expect(token).toMatch(/^hth_/);
    const stored = await server.hearth.ctx.db.selectFrom('access_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const bearer = server.client().withToken(token);
    const me = await bearer.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(m.username);
    // Bearer requests need no CSRF token.
    expect((await bearer.post('/api/v1/me/tokens', { name: 'from token' })).status).toBe(201);

    const list = await m.client.get('/api/v1/me/tokens');
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('ci');
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await m.client.delete(`/api/v1/me/tokens/${id}`)).status).toBe(204);
    expect((await bearer.get('/api/v1/me')).status).toBe(401);
    expect((await m.client.delete(`/api/v1/me/tokens/${id}`)).status).toBe(404);
    expect((await server.client().withToken('hth_forged').get('/api/v1/me')).status).toBe(401);
  });

  it('refuses cookie-authenticated writes without the CSRF token or a same-origin Origin', async () => {
    const m = await server.member();
    const noToken = await m.client.post('/api/v1/me/tokens', { name: 'x' }, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    const crossSite = await m.client.post('/api/v1/me/tokens', { name: 'x' }, { 'x-csrf-token': '', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await m.client.post('/api/v1/me/tokens', { name: 'x' }, { 'x-csrf-token': '', origin: server.baseUrl });
    expect(sameOrigin.status).toBe(201);
    const withToken = await m.client.post('/api/v1/me/tokens', { name: 'y' });
    expect(withToken.status).toBe(201);
  });

  it('shows public profiles without e-mail, and follows idempotently', async () => {
    const a = await server.member();
    const b = await server.member();
    const profile = await server.client().get(`/api/v1/users/${b.username}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ username: b.username, displayName: b.username, bio: '', roles: ['member'], level: 1, points: 0 });
    expect(profile.body.counts).toMatchObject({ posts: 0, comments: 0, followers: 0, following: 0 });
    expect(profile.body.email).toBeUndefined();
    expect(JSON.stringify(profile.body)).not.toContain('@example.test');

    const results = await Promise.all(Array.from({ length: 20 }, () => a.client.put(`/api/v1/users/${b.username}/follow`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const after = await a.client.get(`/api/v1/users/${b.username}`);
    expect(after.body.counts.followers).toBe(1);
    expect(after.body.followedByMe).toBe(true);
    expect((await server.client().get(`/api/v1/users/${a.username}`)).body.counts.following).toBe(1);

    const un = await a.client.delete(`/api/v1/users/${b.username}/follow`);
    expect(un.body).toEqual({ following: false, followerCount: 0 });
    expect((await a.client.put(`/api/v1/users/${a.username}/follow`)).status).toBe(422);
    expect((await a.client.put('/api/v1/users/nobody-here-at-all/follow')).status).toBe(404);
    expect((await server.client().put(`/api/v1/users/${b.username}/follow`)).status).toBe(401);
    expect((await server.client().get('/api/v1/users/nobody-here-at-all')).status).toBe(404);
  });

  it('stores passwords as argon2id with at least 19 MiB and two passes', async () => {
    const m = await server.member();
    const row = await server.hearth.ctx.db.selectFrom('users').select('password_hash').where('id', '=', m.id).executeTakeFirstOrThrow();
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row.password_hash);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(19456);
    expect(Number(match![2])).toBeGreaterThanOrEqual(2);
  });
});
