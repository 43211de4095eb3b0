import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type TestServer } from '../testing/index.ts';

/**
 * Routes anyone may call. Making a route public is a decision, so a public route missing
 * here fails the build; every other route must refuse anonymous callers, and routes with a
 * permission must refuse plain members.
 */
const publicRoutes = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/v1/openapi.json',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'GET /api/v1/users/:username',
  'GET /api/v1/users/:username/comments',
  'GET /api/v1/users/:username/followers',
  'GET /api/v1/users/:username/following',
  'GET /api/v1/categories',
  'GET /api/v1/posts',
  'GET /api/v1/posts/:id',
  'GET /api/v1/posts/:id/comments',
  'GET /api/v1/search',
  'GET /api/v1/users/:username/badges',
  'GET /api/v1/growth/levels',
  'GET /api/v1/growth/leaderboards/:board',
  'GET /api/v1/mall/items',
  'GET /api/v1/mall/items/:id',
  'GET /api/v1/lotteries/:id/draws',
  // E-mail unsubscribe links work without signing in; the token in the link is the credential.
  'GET /api/v1/unsubscribe',
  'POST /api/v1/unsubscribe',
  // The web app: its pages, built assets, avatars, sitemap and feed are public like the content.
  'GET /',
  'GET /*',
  'GET /assets/*',
  'GET /uploads/avatars/:file',
  'GET /sitemap.xml',
  'GET /feed.xml',
  'GET /robots.txt',
]);

function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => (name === 'username' ? 'nobody-at-all' : '01ARZ3NDEKTSV4RRFFQ69G5FAV'));
}

describe.each(dbTargets())('route table on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(target); });
  afterAll(async () => { await server.close(); });

  it('declares every public route deliberately', () => {
    const declaredPublic = server.hearth.app.routeTable.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.url}`);
    expect(declaredPublic.filter((r) => !publicRoutes.has(r))).toEqual([]);
  });

  it('refuses anonymous callers on every signed-in route', async () => {
    const anon = server.client();
    const failures: string[] = [];
    for (const route of server.hearth.app.routeTable.filter((r) => r.auth === 'user')) {
      const res = await anon.request(route.method, concrete(route.url), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      if (res.status !== 401) failures.push(`${route.method} ${route.url} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses members on every route that needs a permission, and lets the right staff in', async () => {
    const member = await server.member();
    const admin = await server.member({ role: 'admin' });
    const failures: string[] = [];
    for (const route of server.hearth.app.routeTable.filter((r) => r.permission)) {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const asMember = await member.client.request(route.method, concrete(route.url), body);
      if (asMember.status !== 403) failures.push(`member ${route.method} ${route.url} → ${asMember.status}`);
      const asAdmin = await admin.client.request(route.method, concrete(route.url), body);
      if (asAdmin.status === 401 || asAdmin.status === 403) failures.push(`admin ${route.method} ${route.url} → ${asAdmin.status}`);
    }
    expect(failures).toEqual([]);
  });
});
