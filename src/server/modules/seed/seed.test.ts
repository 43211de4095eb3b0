import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown, excerptOf } from '../../platform/markdown/index.ts';
import { dbTargets, startTestServer, type TestServer } from '../../platform/testing/index.ts';
import { seedCommunity, SEED_PASSWORD, SeedRefused } from './index.ts';
import { Rng } from './random.ts';
import { renderParagraphs, TextMaker } from './text.ts';

const size = { users: 60, posts: 200, comments: 1500 };

describe.each(dbTargets())('seed on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(target);
    await seedCommunity(server.hearth.dbHandle, { ...size, seed: 7, progress: null });
  });
  afterAll(async () => { await server.close(); });
  const db = () => server.hearth.dbHandle.db;

  it('writes the requested numbers of rows', async () => {
    const n = async (table: 'users' | 'posts' | 'comments') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await n('users')).toBe(size.users);
    expect(await n('posts')).toBe(size.posts);
    expect(await n('comments')).toBe(size.comments);
  });

  it('keeps every counter consistent with the rows', async () => {
    const bad = async (query: ReturnType<typeof sql<{ n: number | string }>>) => Number((await query.execute(db())).rows[0]!.n);
    expect(await bad(sql`select count(*) as n from posts p where comment_count <>
      (select count(*) from comments c where c.post_id = p.id and c.status = 'published')`)).toBe(0);
    expect(await bad(sql`select count(*) as n from posts p where like_count <>
      (select count(*) from likes l where l.target_type = 'post' and l.target_id = p.id)`)).toBe(0);
    expect(await bad(sql`select count(*) as n from comments c where like_count <>
      (select count(*) from likes l where l.target_type = 'comment' and l.target_id = c.id)`)).toBe(0);
    expect(await bad(sql`select count(*) as n from categories k where post_count <>
      (select count(*) from posts p where p.category_id = k.id and p.status = 'published')`)).toBe(0);
    expect(await bad(sql`select count(*) as n from tags t where post_count <>
      (select count(*) from post_tags pt join posts p on p.id = pt.post_id where pt.tag_id = t.id and p.status = 'published')`)).toBe(0);
    expect(await bad(sql`select count(*) as n from users u where follower_count <> (select count(*) from follows f where f.followee_id = u.id)
      or following_count <> (select count(*) from follows f where f.follower_id = u.id)`)).toBe(0);
    // Nothing happens before its author joined or before the post it belongs to.
    expect(await bad(sql`select count(*) as n from comments c join posts p on p.id = c.post_id join users u on u.id = c.author_id
      where c.created_at < p.created_at or c.created_at < u.created_at or p.id > c.id`)).toBe(0);
  });

  it('stores text as written: paragraphs keep their line breaks, and the HTML is what the renderer makes of the body', async () => {
    const posts = await db().selectFrom('posts').select(['body', 'body_html']).execute();
    expect(posts.some((p) => p.body.includes('\n\n'))).toBe(true);
    for (const p of posts) {
      expect(p.body).not.toContain('\\n');
      expect(p.body_html).toBe(renderMarkdown(p.body, { siteOrigin: 'http://localhost' }));
    }
  });

  it('keeps the schema\'s foreign keys after the load: a comment on a post that does not exist is refused', async () => {
    const comment = await db().selectFrom('comments').selectAll().limit(1).executeTakeFirstOrThrow();
    await expect(db().insertInto('comments').values({ ...comment, id: `${comment.id.slice(0, -1)}Z`, post_id: 'no-such-post' }).execute())
      .rejects.toThrow(/foreign key/i);
  });

  it('concentrates activity on a few members and threads (Zipf)', async () => {
    const top = await db().selectFrom('posts').select('comment_count').orderBy('comment_count', 'desc').limit(10).execute();
    const topShare = top.reduce((s, r) => s + r.comment_count, 0) / size.comments;
    // The top 5% of threads hold far more than 5% of the comments.
    expect(topShare).toBeGreaterThan(0.2);
    const authors = await db().selectFrom('comments').select(['author_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('author_id').orderBy('n', 'desc').limit(3).execute();
    expect(authors.reduce((s, r) => s + Number(r.n), 0) / size.comments).toBeGreaterThan(0.15);
  });

  it('serves the seeded community through the API, with ids that sort like their times', async () => {
    const res = await server.client().get('/api/v1/posts?sort=hot&limit=5');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    const post = res.body.items[0];
    const comments = await server.client().get(`/api/v1/posts/${post.id}/comments?limit=100`);
    expect(comments.status).toBe(200);
    expect(post.commentCount).toBeGreaterThanOrEqual(comments.body.items.length);
    const latest = (await server.client().get('/api/v1/posts?sort=latest&limit=20')).body.items as { id: string; createdAt: string }[];
    const times = latest.map((p) => p.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const item of latest) expect(item.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    if (target.name === 'sqlite') {
      // Rows are written in time order, so a table read by id is read front to back.
      for (const table of ['posts', 'comments'] as const) {
        const ids = (await sql<{ id: string }>`select id from ${sql.table(table)} order by rowid`.execute(db())).rows.map((r) => r.id);
        expect(ids).toEqual([...ids].sort());
      }
    }
    const login = await server.client().post('/api/v1/auth/login', { login: 'admin', password: SEED_PASSWORD });
    expect(login.status).toBe(200);
  });

  it('refuses a database that is not empty unless forced', async () => {
    await expect(seedCommunity(server.hearth.dbHandle, { ...size, progress: null })).rejects.toBeInstanceOf(SeedRefused);
    const summary = await seedCommunity(server.hearth.dbHandle, { users: 10, posts: 5, comments: 20, seed: 3, force: true, progress: null });
    expect(summary.posts).toBe(5);
    const posts = await db().selectFrom('posts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(posts.n)).toBe(5);
    // The wipe keeps the migration history, so the schema is not migrated a second time.
    const migrations = await sql<{ n: number }>`select count(*) as n from hearth_migration`.execute(db());
    expect(Number(migrations.rows[0]!.n)).toBeGreaterThan(0);
  });
});

describe('synthetic text', () => {
  it('stores the HTML and excerpt the Markdown renderer would', () => {
    const text = new TextMaker(new Rng(5));
    for (let i = 0; i < 200; i++) {
      const { body, html, excerpt } = renderParagraphs(i % 2 ? text.postBody(true) : text.commentBody(false));
      expect(html).toBe(renderMarkdown(body, { siteOrigin: 'http://localhost' }));
      expect(excerpt).toBe(excerptOf(body));
    }
  });
});
