import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type TestServer } from '../testing/index.ts';
import { missingMessageKeys, pickLang } from './i18n.ts';

describe('messages', () => {
  it('has every message in both zh-CN and en', async () => {
    await import('../../app.ts'); // loads every module's catalog
    expect(missingMessageKeys()).toEqual([]);
  });

  it('picks the language from Accept-Language, zh-CN by default', () => {
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('fr;q=1, en;q=0.5, zh;q=0.8')).toBe('zh-CN');
    expect(pickLang('de')).toBe('zh-CN');
  });
});

describe.each(dbTargets())('platform HTTP behaviour on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  it('answers health, readiness and Prometheus metrics', async () => {
    const c = server.client();
    expect((await c.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await c.get('/readyz')).status).toBe(200);
    const metrics = await c.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('hearth_http_request_duration_seconds');
    expect(metrics.text).toContain('process_resident_memory_bytes');
    expect(metrics.text).toMatch(/^hearth_outbox_backlog \d+$/m);
  });

  it('keeps metrics from members arriving through a proxy, but shows them to operators', async () => {
    const member = await server.member();
    const viaProxy = await member.client.get('/metrics', { 'x-forwarded-for': '203.0.113.9' });
    expect(viaProxy.status).toBe(403);
    const anon = await server.client().get('/metrics', { 'x-forwarded-for': '203.0.113.9' });
    expect(anon.status).toBe(401);
    const operator = await server.member({ role: 'operator' });
    expect((await operator.client.get('/metrics', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document of the routes', async () => {
    const doc = (await server.client().get('/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/register', '/api/v1/posts', '/api/v1/posts/{id}/comments', '/api/v1/users/{username}/follow']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/posts'].post.requestBody).toBeDefined();
  });

  it('turns malformed requests into problem+json 4xx without internals', async () => {
    const m = await server.member();
    const badJson = await m.client.post('/api/v1/posts', '{"title": ', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(badJson.body).toMatchObject({ status: 400, title: expect.any(String), detail: expect.any(String) });

    const wrongType = await m.client.post('/api/v1/posts', 'title=x', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);

    const huge = await m.client.post('/api/v1/posts', JSON.stringify({ title: 'x', body: 'y'.repeat(1_100_000), categoryId: 'z' }));
    expect(huge.status).toBe(413);

    const nul = await m.client.post('/api/v1/posts', { title: 'a\u0000b', body: 'x', categoryId: 'y' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].field).toBe('title');

    const loneSurrogate = await m.client.post('/api/v1/posts', `{"title":"\\ud800","body":"x","categoryId":"y"}`);
    expect(loneSurrogate.status).toBe(400);

    const missing = await server.client().get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);

    const badEncoding = await server.client().get('/api/v1/posts/%E0%A4%A');
    expect(badEncoding.status).toBeLessThan(500);

    for (const res of [badJson, wrongType, huge, nul, missing]) {
      expect(res.text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    }
  });

  it('answers in the language the client asks for', async () => {
    const c = server.client();
    c.lang = 'en';
    expect((await c.get('/api/v1/me')).body.detail).toBe('Please sign in first');
    c.lang = 'zh-CN';
    expect((await c.get('/api/v1/me')).body.detail).toBe('请先登录');
  });

  it('sends the browser defences on every response', async () => {
    const res = await server.client().get('/api/v1/categories');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Errors and unknown addresses carry them too.
    const missing = await server.client().get('/api/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(missing.headers.get('content-security-policy')).toBe(csp);
  });

  it('records who did what in an append-only activity log that the database refuses to change', async () => {
    const m = await server.member();
    await m.client.post('/api/v1/me/tokens', { name: 'x' });
    const db = server.hearth.ctx.db;
    const rows = await db.selectFrom('activities').selectAll().where('actor_id', '=', m.id).execute();
    expect(rows.map((r) => r.verb)).toContain('accounts.user.registered');
    await expect(db.updateTable('activities').set({ verb: 'forged' }).where('actor_id', '=', m.id).execute()).rejects.toThrow();
    await expect(db.deleteFrom('activities').where('actor_id', '=', m.id).execute()).rejects.toThrow();
  });
});
