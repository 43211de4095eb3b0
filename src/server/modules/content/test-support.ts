/**
 * Helpers shared by the content module's HTTP tests: a server with an admin and a category,
 * quick ways to write posts and comments, and a checker for the HTML a browser would run.
 */
import { startTestServer, uniqueName, type DbTarget, type SignedIn, type TestClient, type TestServer } from '../../platform/testing/index.ts';

export interface ContentFixture {
  server: TestServer;
  admin: SignedIn;
  /** A category every test may post into. */
  category: { id: string; slug: string };
}

export async function contentFixture(target: DbTarget): Promise<ContentFixture> {
  const server = await startTestServer(target);
  const admin = await server.member({ role: 'admin' });
  const category = await createCategory(admin.client);
  return { server, admin, category };
}

export async function createCategory(admin: TestClient, name = 'General'): Promise<{ id: string; slug: string }> {
  const slug = uniqueName('cat').toLowerCase();
  const res = await admin.post('/api/v1/categories', { slug, name });
  if (res.status !== 201) throw new Error(`category: ${res.status} ${res.text}`);
  return res.body.category;
}

export interface PostInput {
  categoryId: string;
  title?: string;
  body?: string;
  kind?: string;
  tags?: string[];
}

/** Writes a post and returns it; fails the test unless the server answers 201. */
export async function writePost(client: TestClient, input: PostInput) {
  const res = await client.post('/api/v1/posts', { title: 'A title', body: 'Some *body*', ...input });
  if (res.status !== 201) throw new Error(`post: ${res.status} ${res.text}`);
  return res.body.post;
}

export async function writeComment(client: TestClient, postId: string, body = 'A comment', parentId?: string) {
  const res = await client.post(`/api/v1/posts/${postId}/comments`, { body, ...(parentId ? { parentId } : {}) });
  if (res.status !== 201) throw new Error(`comment: ${res.status} ${res.text}`);
  return res.body.comment;
}

/** Runs `fn` over `items` with at most `width` calls in flight (the machine has two cores). */
export async function inBatches<T, R>(items: T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

const allowedTags = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del',
  'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(colon|tab|newline|quot|amp|lt|gt|apos);/gi, (_, name: string) => (
      { colon: ':', tab: '\t', newline: '\n', quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" } as Record<string, string>
    )[name.toLowerCase()]!);
}

/**
 * What in a piece of rendered HTML a browser could run: tags outside the allow-list, event
 * handler or style attributes, and script-capable URLs. Sanitized output escapes every `<` in
 * text and every `"` in attribute values, so each literal `<` starts a real tag and attributes
 * are name="value" pairs. Returns the problems found (none when safe).
 */
export function scriptRisks(html: string): string[] {
  const risks: string[] = [];
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    const parsed = /^<\/?([a-zA-Z0-9-]+)((?:\s+[^\s"'=<>/]+(?:="[^"]*")?)*)\s*\/?>$/.exec(tag);
    if (!parsed) {
      risks.push(`unparsable ${tag}`);
      continue;
    }
    if (!allowedTags.has(parsed[1]!.toLowerCase())) risks.push(`tag ${tag}`);
    for (const [, rawName, value = ''] of parsed[2]!.matchAll(/\s+([^\s"'=<>/]+)(?:="([^"]*)")?/g)) {
      const name = rawName!.toLowerCase();
      if (name.startsWith('on')) risks.push(`handler ${tag}`);
      if (name === 'style') risks.push(`style ${tag}`);
      if (name !== 'href' && name !== 'src') continue;
      // Browsers drop tabs, newlines and other controls inside a scheme.
      // eslint-disable-next-line no-control-regex
      const url = decodeEntities(value).replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (/^(javascript|vbscript|data|file):/.test(url)) risks.push(`url ${tag}`);
    }
  }
  return risks;
}
