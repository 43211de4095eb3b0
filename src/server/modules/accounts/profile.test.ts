import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type TestClient, type TestServer } from '../../platform/testing/index.ts';

/** Sends raw bytes as the browser does for a file (TestClient speaks JSON). */
async function upload(server: TestServer, client: TestClient, body: Buffer, type: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/me/avatar`, {
    method: 'PUT',
    headers: {
      'content-type': type, 'accept-language': 'en',
      cookie: `hearth_session=${client.cookie('hearth_session')}; hearth_csrf=${client.cookie('hearth_csrf')}`,
      'x-csrf-token': client.cookie('hearth_csrf') ?? '',
    },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: await res.json() };
}

describe.each(dbTargets())('profile editing on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  it('changes display name, bio and language, and shows them on the public profile', async () => {
    const m = await server.member();
    const res = await m.client.request('PATCH', '/api/v1/me', { displayName: '  山里人  ', bio: 'Hiker', locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ displayName: '山里人', bio: 'Hiker', locale: 'en' });
    const pub = await server.client().get(`/api/v1/users/${m.username}`);
    expect(pub.body).toMatchObject({ displayName: '山里人', bio: 'Hiker' });
    const bad = await m.client.request('PATCH', '/api/v1/me', { locale: 'fr', bio: 'x'.repeat(501) }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bio', 'locale']);
    expect((await server.client().request('PATCH', '/api/v1/me', { bio: 'x' })).status).toBe(401);
  });

  it('changes the password only with the current one, applies the password rules, and ends other sessions', async () => {
    const m = await server.member({ password: 'first long passphrase' });
    const other = server.client();
    await other.post('/api/v1/auth/login', { login: m.username, password: 'first long passphrase' });
    expect((await other.get('/api/v1/me')).status).toBe(200);

    const wrong = await m.client.request('PUT', '/api/v1/me/password', { currentPassword: 'nope nope nope', newPassword: 'second long passphrase' }, { 'accept-language': 'zh-CN' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: '当前密码不正确' }]);
    const weak = await m.client.request('PUT', '/api/v1/me/password', { currentPassword: 'first long passphrase', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('newPassword');

    const done = await m.client.request('PUT', '/api/v1/me/password', { currentPassword: 'first long passphrase', newPassword: 'second long passphrase' });
    expect(done.status).toBe(200);
    expect((await m.client.get('/api/v1/me')).status).toBe(200);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    const relogin = await server.client().post('/api/v1/auth/login', { login: m.username, password: 'second long passphrase' });
    expect(relogin.status).toBe(200);
  });

  it('resizes an uploaded avatar to a 256 px square WebP, serves it, and refuses what is not an image', async () => {
    const m = await server.member();
    const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#c0392b' } }).png().toBuffer();
    const res = await upload(server, m.client, png, 'image/png');
    expect(res.status).toBe(200);
    const url: string = res.body.user.avatarUrl;
    expect(url).toMatch(/^\/uploads\/avatars\/[a-z0-9-]+\.webp$/);
    const img = await fetch(server.baseUrl + url);
    expect(img.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);

    const junk = await upload(server, m.client, Buffer.from('not an image at all'), 'image/png');
    expect(junk.status).toBe(400);
    expect(junk.body.errors[0]).toMatchObject({ field: 'avatar' });
    const gif = await upload(server, m.client, Buffer.from('GIF89a'), 'image/gif');
    expect(gif.status).toBe(415);
  });
});
