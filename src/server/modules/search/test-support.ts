/** Helpers for the search module's HTTP tests: a server with an admin author and a category. */
import type { Config } from '../../platform/config/index.ts';
import { startTestServer, uniqueName, type DbTarget, type SignedIn, type TestServer } from '../../platform/testing/index.ts';

export interface SearchFixture {
  server: TestServer;
  /** Staff, so posting limits and first-post review never get in the way. */
  admin: SignedIn;
  categoryId: string;
  post(title: string, body: string): Promise<string>;
  comment(postId: string, body: string): Promise<string>;
  /** GET /search with the given parameters, after every index update has landed. */
  search(params: Record<string, string | number>, lang?: string): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function searchFixture(target: DbTarget, overrides: Partial<Config> = {}): Promise<SearchFixture> {
  const server = await startTestServer(target, overrides);
  const admin = await server.member({ role: 'admin' });
  const cat = await admin.client.post('/api/v1/categories', { slug: uniqueName('cat').toLowerCase(), name: 'General' });
  if (cat.status !== 201) throw new Error(`category: ${cat.status} ${cat.text}`);
  const categoryId: string = cat.body.category.id;
  return {
    server,
    admin,
    categoryId,
    async post(title, body) {
      const res = await admin.client.post('/api/v1/posts', { categoryId, title, body });
      if (res.status !== 201) throw new Error(`post: ${res.status} ${res.text}`);
      return res.body.post.id;
    },
    async comment(postId, body) {
      const res = await admin.client.post(`/api/v1/posts/${postId}/comments`, { body });
      if (res.status !== 201) throw new Error(`comment: ${res.status} ${res.text}`);
      return res.body.comment.id;
    },
    async search(params, lang) {
      await server.hearth.bus.idle();
      const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
      const client = server.client();
      if (lang) client.lang = lang;
      return client.get(`/api/v1/search?${qs}`);
    },
  };
}

/** A word that appears in no other test's data, so results are exactly what a test wrote. */
export function marker(): string {
  return uniqueName('w').replace(/[^a-z0-9]/g, '');
}
