import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createModuleContext, type ModuleContext } from '../../platform/module.ts';
import { startTestServer, type TestServer } from '../../platform/testing/index.ts';
import { generateDemo, type DemoResult } from './index.ts';
import { makePlan } from './plan.ts';

const HAN = /\p{Script=Han}/u;

describe('hearth demo on an empty SQLite site', () => {
  let server: TestServer;
  let result: DemoResult;
  let ctx: ModuleContext;

  beforeAll(async () => {
    server = await startTestServer({ name: 'sqlite', url: undefined });
    // As the CLI does: a context of its own, beside (not inside) the running server.
    ctx = createModuleContext(server.hearth.dbHandle, server.config, pino({ level: 'silent' }));
    result = await generateDemo(ctx);
  });
  afterAll(async () => server.close());

  it('writes a community of the promised size, readable over the API', async () => {
    expect(result.ok).toBe(true);
    const client = server.client();
    const categories = (await client.get('/api/v1/categories')).body.items as { name: string; postCount: number }[];
    expect(categories.length).toBeGreaterThanOrEqual(6);
    expect(categories.length).toBeLessThanOrEqual(8);
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['新人报到', '问答求助', '活动公告']));
    const db = server.hearth.ctx.db;
    const count = async (table: 'users' | 'posts' | 'comments' | 'likes' | 'follows') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('users')).toBeGreaterThanOrEqual(40);
    expect(await count('posts')).toBeGreaterThanOrEqual(200);
    expect(await count('comments')).toBeGreaterThanOrEqual(1000);
    expect(await count('likes')).toBeGreaterThan(500);
    expect(await count('follows')).toBeGreaterThan(100);
    expect(categories.reduce((sum, c) => sum + c.postCount, 0)).toBe(await count('posts'));

    // Dates spread over about two months, newest first in the latest list.
    const times = await db.selectFrom('posts').select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')]).executeTakeFirstOrThrow();
    const spanDays = (Date.parse(String(times.last)) - Date.parse(String(times.first))) / 86_400_000;
    expect(spanDays).toBeGreaterThan(45);
    expect(spanDays).toBeLessThanOrEqual(60);
    const latest = (await client.get('/api/v1/posts?sort=latest&limit=20')).body.items as { title: string; createdAt: string; commentCount: number }[];
    expect(latest.map((p) => p.createdAt)).toEqual([...latest.map((p) => p.createdAt)].sort().reverse());
    for (const p of latest) expect(p.title).toMatch(HAN);

    // A post reads as Chinese, with its counts matching its replies.
    const busiest = await db.selectFrom('posts').select(['id', 'comment_count']).orderBy('comment_count', 'desc').executeTakeFirstOrThrow();
    const post = (await client.get(`/api/v1/posts/${busiest.id}`)).body.post;
    expect(post.body).toMatch(HAN);
    expect(post.author.displayName ?? post.author.username).toBeTruthy();
    const comments = (await client.get(`/api/v1/posts/${busiest.id}/comments?limit=100`)).body.items as { body: string }[];
    expect(comments.length).toBe(Math.min(100, post.commentCount));
    expect(comments.filter((c) => HAN.test(c.body)).length).toBeGreaterThan(comments.length * 0.9);
  });

  it('prints working admin credentials', async () => {
    if (!result.ok) throw new Error('demo refused');
    const client = server.client();
    const login = await client.post('/api/v1/auth/login', { login: result.written.admin.username, password: result.written.admin.password });
    expect(login.status).toBe(200);
    expect(result.written.admin.username).toBe('admin');
    const me = await client.get('/api/v1/me');
    expect(me.body.user.roles).toContain('admin');
  });

  it('refuses a second run unless forced', async () => {
    const again = await generateDemo(ctx);
    expect(again).toMatchObject({ ok: false, reason: 'notEmpty' });
  });

  it('writes the same texts for the same seed', () => {
    const a = makePlan({ seed: 'x', now: Date.UTC(2026, 0, 1) });
    const b = makePlan({ seed: 'x', now: Date.UTC(2026, 0, 1) });
    const c = makePlan({ seed: 'y', now: Date.UTC(2026, 0, 1) });
    expect(a.posts.map((p) => p.title)).toEqual(b.posts.map((p) => p.title));
    expect(a.posts.map((p) => p.title)).not.toEqual(c.posts.map((p) => p.title));
  });
});
