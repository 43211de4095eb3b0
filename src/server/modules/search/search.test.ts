import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { createSearchStore } from '../../platform/search/index.ts';
import { createSearch, reindexSearch } from './index.ts';
import { marker, searchFixture, type SearchFixture } from './test-support.ts';

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

describe.each(dbTargets())('search on $name', (target) => {
  let f: SearchFixture;
  beforeAll(async () => { f = await searchFixture(target); });
  afterAll(async () => { await f.server.close(); });

  it('finds a Chinese word inside a longer sentence, with a marked snippet and the post url', async () => {
    const id = await f.post('运营周报', '我们的目标是提高社区用户的留存率和活跃度。');
    const res = await f.search({ q: '留存率' });
    expect(res.status).toBe(200);
    const hit = res.body.items.find((i: { id: string }) => i.id === id);
    expect(hit).toMatchObject({ type: 'post', id, title: '运营周报', url: `/posts/${id}` });
    expect(hit.snippet).toContain('<mark>留存率</mark>');
    // A substring jieba never produces as a word is still found.
    expect(ids(await f.search({ q: '户的留' }))).toContain(id);
    expect(ids(await f.search({ q: '留存率和活跃度' }))).toContain(id);
    expect(ids(await f.search({ q: '留存率和流失' }))).not.toContain(id);
  });

  it('matches English regardless of case and width, whole words only', async () => {
    const w = marker();
    const id = await f.post(`Notes ${w}`, 'Our retention improved after the Spring event.');
    expect(ids(await f.search({ q: `Retention ${w}` }))).toEqual([id]);
    expect(ids(await f.search({ q: `ＲＥＴＥＮＴＩＯＮ ${w.toUpperCase()}` }))).toEqual([id]);
    expect(ids(await f.search({ q: `retent ${w}` }))).toEqual([]);
    const hit = (await f.search({ q: `spring ${w}` })).body.items[0];
    expect(hit.snippet).toContain('<mark>Spring</mark>');
  });

  it('answers mixed Chinese and English queries, requiring every word', async () => {
    const w = marker();
    const both = await f.post(`Hearth 社区指南 ${w}`, '介绍怎样参与讨论。');
    await f.post(`只有社区 ${w}`, '没有那个英文名。');
    await f.post(`Hearth only ${w}`, 'no Chinese words here');
    expect(ids(await f.search({ q: `Hearth 社区 ${w}` }))).toEqual([both]);
    expect(ids(await f.search({ q: `${w}社区` })).sort()).toEqual([both, ...ids(await f.search({ q: `只有社区 ${w}` }))].sort());
  });

  it('ranks a title hit above a body-only hit', async () => {
    const w = marker();
    const inTitle = await f.post(`${w} 季度总结`, '这里写了一些普通的内容，篇幅与另一篇差不多。');
    const inBody = await f.post('季度总结', `这里写了一些普通的内容，${w} 篇幅与另一篇差不多。`);
    expect(ids(await f.search({ q: w }))).toEqual([inTitle, inBody]);
  });

  it('follows edits: new words are found, old ones no longer', async () => {
    const w = marker();
    const id = await f.post(`编辑测试 ${w}`, '原来的内容提到了苹果。');
    expect(ids(await f.search({ q: `苹果 ${w}` }))).toEqual([id]);
    const res = await f.admin.client.patch(`/api/v1/posts/${id}`, { body: '现在的内容提到了香蕉。' });
    expect(res.status).toBe(200);
    expect(ids(await f.search({ q: `苹果 ${w}` }))).toEqual([]);
    expect(ids(await f.search({ q: `香蕉 ${w}` }))).toEqual([id]);
  });

  it('never returns deleted posts and comments, nor comments under a deleted post', async () => {
    const w = marker();
    const post = await f.post(`删除测试 ${w}`, '正文');
    const other = await f.post(`另一篇 ${w}`, '正文');
    const comment = await f.comment(other, `评论也提到 ${w}`);
    const orphan = await f.comment(post, `这条评论在将被删除的帖子下 ${w}`);
    expect(ids(await f.search({ q: w })).sort()).toEqual([post, other, comment, orphan].sort());

    expect((await f.admin.client.delete(`/api/v1/posts/${post}`)).status).toBe(204);
    expect((await f.admin.client.delete(`/api/v1/comments/${comment}`)).status).toBe(204);
    expect(ids(await f.search({ q: w }))).toEqual([other]);
  });

  it('shows the item a freed rid names now, not the deleted one it named before', async () => {
    const w = marker();
    const ridOf = async (id: string) => (await sql<{ rid: number }>`select rid from search_docs where ref_id = ${id}`.execute(f.server.hearth.ctx.db)).rows[0]?.rid;
    const first = await f.post(`旧帖 ${w}`, '正文');
    const freed = await ridOf(first);
    expect(ids(await f.search({ q: w }))).toEqual([first]);
    expect((await f.admin.client.delete(`/api/v1/posts/${first}`)).status).toBe(204);
    const second = await f.post(`新帖 ${w}`, '正文');
    // SQLite numbers a new row after the highest one left, so the deleted post's rid is reused.
    if (target.name === 'sqlite') expect(await ridOf(second)).toBe(freed);
    expect((await f.search({ q: w })).body.items).toEqual([expect.objectContaining({ id: second, title: `新帖 ${w}` })]);
  });

  it('hides an item whose status changed without an event reaching search', async () => {
    const w = marker();
    const id = await f.post(`隐藏测试 ${w}`, '正文');
    expect(ids(await f.search({ q: w }))).toEqual([id]);
    await f.server.hearth.ctx.db.updateTable('posts').set({ status: 'hidden' }).where('id', '=', id).execute();
    expect(ids(await f.search({ q: w }))).toEqual([]);
  });

  it('shows what an item says now, each time: edited titles and bodies, a post\'s new title on its comments, hidden posts\' comments, suspended members', async () => {
    const w = marker();
    const post = await f.post(`旧标题 ${w}`, `正文提到 ${w} 和旧的说法`);
    const comment = await f.comment(post, `评论里也有 ${w}`);
    const member = await f.server.member();
    expect((await member.client.patch('/api/v1/me', { bio: `喜欢 ${w}` })).status).toBe(200);
    const shown = async () => (await f.search({ q: w })).body.items.map((i: { id: string; title: string; snippet: string }) => [i.id, i.title, i.snippet]);
    expect(await shown()).toEqual([
      [post, `旧标题 ${w}`, expect.stringContaining('旧的说法')],
      [member.id, member.username, `@${member.username} · 喜欢 <mark>${w}</mark>`],
      [comment, `旧标题 ${w}`, `评论里也有 <mark>${w}</mark>`],
    ]);
    expect((await f.admin.client.patch(`/api/v1/posts/${post}`, { title: `新标题 ${w}`, body: `正文提到 ${w} 和新的说法` })).status).toBe(200);
    expect(await shown()).toEqual([
      [post, `新标题 ${w}`, expect.stringContaining('新的说法')],
      [member.id, member.username, expect.any(String)],
      [comment, `新标题 ${w}`, expect.any(String)],
    ]);
    // Straight in the database, as a moderator's tool or a script might: no event reaches search.
    const db = f.server.hearth.ctx.db;
    await db.updateTable('users').set({ status: 'suspended' }).where('id', '=', member.id).execute();
    expect((await shown()).map(([id]: string[]) => id)).toEqual([post, comment]);
    await db.updateTable('posts').set({ status: 'hidden' }).where('id', '=', post).execute();
    expect(await shown()).toEqual([]);
    await db.updateTable('posts').set({ status: 'published' }).where('id', '=', post).execute();
    await db.updateTable('comments').set({ body: `改过的评论 ${w}` }).where('id', '=', comment).execute();
    expect((await shown()).map(([id, , snippet]: string[]) => [id, snippet])).toEqual([[post, expect.any(String)], [comment, `改过的评论 <mark>${w}</mark>`]]);
  });

  it('filters by type and links comments to their post', async () => {
    const w = marker();
    const post = await f.post(`类型测试 ${w}`, '正文');
    const comment = await f.comment(post, `评论 ${w}`);
    expect(ids(await f.search({ q: w, type: 'post' }))).toEqual([post]);
    const c = await f.search({ q: w, type: 'comment' });
    expect(c.body.items).toEqual([{ type: 'comment', id: comment, title: `类型测试 ${w}`, snippet: `评论 <mark>${w}</mark>`, url: `/posts/${post}#comment-${comment}` }]);
    expect((await f.search({ q: w, type: 'user' })).body.items).toEqual([]);
    expect((await f.search({ q: w, type: 'group' })).status).toBe(400);
  });

  it('finds members by username', async () => {
    const m = await f.server.member();
    const res = await f.search({ q: m.username.toUpperCase(), type: 'user' });
    expect(res.body.items).toEqual([{ type: 'user', id: m.id, title: m.username, snippet: `@<mark>${m.username}</mark>`, url: `/u/${m.username}` }]);
  });

  it('finds members by what they write about themselves once they edit their profile', async () => {
    const m = await f.server.member();
    const w = marker();
    expect(ids(await f.search({ q: w, type: 'user' }))).toEqual([]);
    expect((await m.client.patch('/api/v1/me', { displayName: `爬山的${w}`, bio: '周末爬山' })).status).toBe(200);
    expect(ids(await f.search({ q: w, type: 'user' }))).toEqual([m.id]);
    expect(ids(await f.search({ q: '爬山', type: 'user' }))).toContain(m.id);
  });

  it('ranks title matches first and newest first within each tier, page after page, past hidden items', async () => {
    const w = marker();
    const inTitle: string[] = [];
    const inBody: string[] = [];
    // Interleaved in time, so that neither tier is simply the newer half.
    for (let i = 0; i < 6; i++) {
      inTitle.push(await f.post(`标题里有 ${w} ${i}`, `正文 ${i}`));
      inBody.push(await f.post(`只在正文 ${i}`, `正文提到 ${w} 第 ${i} 次`));
    }
    const hidden = inBody.splice(2, 1)[0]!;
    expect((await f.admin.client.delete(`/api/v1/posts/${hidden}`)).status).toBe(204);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res = await f.search({ q: w, limit: 4, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...inTitle.reverse(), ...inBody.reverse()]);
  });

  it('fills a page past more hidden items than one read of the index holds', async () => {
    const w = marker();
    const posts: string[] = [];
    for (let i = 0; i < 14; i++) posts.push(await f.post(`${i % 2 ? '标题' : '另一个'} ${w} ${i}`, `正文 ${i}`));
    // The 11 newest go: a page of 2 reads 2 + 1 + 4 spare rows at a time.
    for (const id of posts.slice(3)) expect((await f.admin.client.delete(`/api/v1/posts/${id}`)).status).toBe(204);
    const res = await f.search({ q: w, limit: 2 });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([posts[2], posts[1]]);
    const rest = await f.search({ q: w, limit: 2, cursor: res.body.nextCursor });
    expect(ids(rest)).toEqual([posts[0]]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('drops stopwords when other words remain, and keeps a query of stopwords only', async () => {
    const w = marker();
    const withoutStopword = await f.post(`Backend notes ${w}`, '部署 backend 服务。');
    const withStopword = await f.post(`这个问题 ${w}`, '我们讨论这个 backend 的问题。');
    expect(ids(await f.search({ q: `backend 这个 the ${w}` })).sort()).toEqual([withoutStopword, withStopword].sort());
    // Both titles hold the marker: newest first.
    expect(ids(await f.search({ q: `这个 ${w}` }))).toEqual([withStopword, withoutStopword]);
    expect(ids(await f.search({ q: '这个 the' }))).toContain(withStopword);
  });

  it('pages through results without duplicates or gaps', async () => {
    const w = marker();
    const written: string[] = [];
    for (let i = 0; i < 7; i++) written.push(await f.post(`分页 ${i}`, `第 ${i} 篇 ${w}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await f.search({ q: w, limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(written.sort());
    expect((await f.search({ q: w, cursor: 'not-a-cursor' })).status).toBe(400);
  });

  it('refuses empty, punctuation-only and overlong queries with a 400 on q, in both languages', async () => {
    for (const q of ['，。！？…—', '   ', '!!! ??? ...', '<>&']) {
      const res = await f.search({ q }, 'en');
      expect(res.status, q).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'q', message: expect.stringMatching(/letter or digit/) }]);
    }
    const zh = await f.search({ q: '、、、' }, 'zh-CN');
    expect(zh.status).toBe(400);
    expect(zh.body.errors[0]).toEqual({ field: 'q', message: expect.stringMatching(/文字或数字/) });
    for (const q of ['a'.repeat(10_000), '留'.repeat(201)]) {
      const res = await f.search({ q });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('q');
    }
    const empty = await f.search({ q: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('q');
    expect((await f.server.client().get('/api/v1/search')).status).toBe(400);
  });

  it('escapes HTML in snippets and marks only the hit', async () => {
    const w = marker();
    await f.post(`安全 ${w}`, `注意 <script>alert("x")</script> & <b>粗体</b> ${w} 结束`);
    const hit = (await f.search({ q: w })).body.items[0];
    expect(hit.snippet).not.toMatch(/<(?!\/?mark>)/);
    expect(hit.snippet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hit.snippet).toContain(`<mark>${w}</mark>`);
    expect(hit.title).toBe(`安全 ${w}`);
  });

  it('rebuilds the index with the reindex command function', async () => {
    const w = marker();
    const id = await f.post(`重建测试 ${w}`, '旧的正文说的是西瓜。');
    const m = await f.server.member();
    await f.server.hearth.bus.idle();
    // Changes written behind search's back (no event) are picked up by a rebuild.
    const db = f.server.hearth.ctx.db;
    await db.updateTable('posts').set({ body: '新的正文说的是葡萄。' }).where('id', '=', id).execute();
    await db.updateTable('users').set({ display_name: `炉边的${w}` }).where('id', '=', m.id).execute();
    expect(ids(await f.search({ q: `葡萄 ${w}` }))).toEqual([]);

    const counts = await reindexSearch(f.server.hearth.ctx, { batchSize: 7 });
    expect(counts.post).toBeGreaterThan(10);
    expect(counts.user).toBeGreaterThanOrEqual(2);
    expect(ids(await f.search({ q: `葡萄 ${w}` }))).toEqual([id]);
    expect(ids(await f.search({ q: `西瓜 ${w}` }))).toEqual([]);
    const user = await f.search({ q: `炉边 ${w}`, type: 'user' });
    expect(user.body.items).toEqual([expect.objectContaining({ id: m.id, title: `炉边的${w}` })]);
    // Everything else is still there, deleted items still are not.
    expect(ids(await f.search({ q: '留存率' })).length).toBe(1);
    // Posts, comments and members are indexed in creation order again, across the three tables.
    const { rows } = await sql<{ ref_id: string }>`select ref_id from search_docs order by rid`.execute(db);
    const refs = rows.map((r) => r.ref_id);
    expect(refs.length).toBe(counts.post + counts.comment + counts.user);
    expect(refs).toEqual([...refs].sort());
  });

  it('rebuilds an empty index by itself when the server starts, and finds old posts again', async () => {
    const w = marker();
    const id = await f.post(`重建 ${w}`, '启动时发现索引为空，就在后台重建。');
    const { ctx, bus } = f.server.hearth;
    await bus.idle();
    await createSearchStore(ctx.db, ctx.dialect, { bandBudget: ctx.config.searchBandBudget, recentItems: ctx.config.searchRecentItems }).clear();
    expect(ids(await f.search({ q: w }))).toEqual([]);
    const second = createSearch(ctx);
    await second.start();
    try {
      await expect.poll(async () => ids(await f.search({ q: w })), { timeout: 10_000 }).toEqual([id]);
    } finally {
      second.stop();
    }
  });
});
