import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { parseMentions } from './mentions.ts';
import { createCategory, writeComment, writePost } from './test-support.ts';

describe('parseMentions', () => {
  it('finds names in text, not in code or e-mail addresses, once each', () => {
    expect(parseMentions('hi @Alice and @bob.smith, thanks @alice. 谢谢@Carol_1')).toEqual(['alice', 'bob.smith', 'carol_1']);
    expect(parseMentions('mail me at dave@example.com; `@decorator` and\n```\n@inblock\n```')).toEqual([]);
    expect(parseMentions('@ab is too short, @-x is not a name')).toEqual([]);
  });

  it('stops at ten names', () => {
    expect(parseMentions(Array.from({ length: 30 }, (_, i) => `@user${i}`).join(' '))).toHaveLength(10);
  });
});

describe.each(dbTargets())('notifications on $name', (target) => {
  let server: TestServer;
  let categoryId: string;

  beforeAll(async () => {
    server = await startTestServer(target);
    const admin = await server.member({ role: 'admin' });
    categoryId = await createCategory(admin.client);
  });
  afterAll(async () => { await server.close(); });

  const settle = () => server.hearth.bus.idle();
  async function inbox(m: SignedIn, query = '') {
    const res = await m.client.get(`/api/v1/notifications${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: any[]; nextCursor: string | null; unreadCount: number }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('tells a post author about a reply, linking to it, and nobody about their own comments', async () => {
    const [a, b] = await Promise.all([server.member(), server.member()]);
    const post = await writePost(a.client, categoryId, 'Body', 'Where to eat');
    const reply = await writeComment(b.client, post.id, 'Try the **noodles** place');
    await writeComment(a.client, post.id, 'Thanks!');
    await settle();

    const mine = await inbox(a);
    expect(mine.unreadCount).toBe(1);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      kind: 'reply', read: false, actorCount: 1,
      actor: { id: b.id, username: b.username },
      subject: { type: 'comment', id: reply.id, postId: post.id, title: 'Where to eat', excerpt: 'Try the noodles place' },
      url: `/posts/${post.id}#comment-${reply.id}`,
    });
    expect((await inbox(b)).items).toEqual([]);
  });

  it('tells the comment author and the post author about a reply to a comment, each once', async () => {
    const [a, b, c] = await Promise.all([server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId);
    // Settling after each write pins the order; handlers of near-simultaneous events may
    // otherwise finish in either order.
    const bComment = await writeComment(b.client, post.id, 'first');
    await settle();
    const cReply = await writeComment(c.client, post.id, 'answering b', bComment.id);
    await settle();
    const aComment = await writeComment(a.client, post.id, 'my own comment');
    const cReplyToA = await writeComment(c.client, post.id, 'answering a', aComment.id);
    await settle();

    const forB = await inbox(b);
    expect(forB.items.map((n) => [n.kind, n.subject.id])).toEqual([['reply', cReply.id]]);
    const forA = await inbox(a);
    // A wrote the post and the comment C answered, and still hears of C's reply once.
    expect(forA.items.map((n) => [n.kind, n.subject.id])).toEqual([['reply', cReplyToA.id], ['reply', cReply.id], ['reply', bComment.id]]);
    expect((await inbox(c)).items).toEqual([]);
  });

  it('notifies mentioned members once, and a mention is not also a reply', async () => {
    const [a, b, c] = await Promise.all([server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId, `Hello @${b.username} and @${b.username.toUpperCase()}, not \`@${c.username}\`, and me @${a.username}`);
    await settle();
    const forB = await inbox(b);
    expect(forB.items).toHaveLength(1);
    expect(forB.items[0]).toMatchObject({ kind: 'mention', actor: { id: a.id }, subject: { type: 'post', id: post.id }, url: `/posts/${post.id}` });
    expect((await inbox(c)).items).toEqual([]);
    expect((await inbox(a)).items).toEqual([]);

    const comment = await writeComment(c.client, post.id, `@${a.username} look at this, and @nobody-such-user`);
    await settle();
    const forA = await inbox(a);
    expect(forA.items.map((n) => [n.kind, n.subject.id])).toEqual([['mention', comment.id]]);
  });

  it('tells a member about a new follower once, however often they toggle', async () => {
    const [a, b] = await Promise.all([server.member(), server.member()]);
    expect((await b.client.put(`/api/v1/users/${a.username}/follow`)).status).toBe(200);
    await settle();
    await b.client.delete(`/api/v1/users/${a.username}/follow`);
    await b.client.put(`/api/v1/users/${a.username}/follow`);
    await settle();
    const forA = await inbox(a);
    expect(forA.items).toHaveLength(1);
    expect(forA.items[0]).toMatchObject({ kind: 'follow', actor: { id: b.id }, subject: { type: 'user', id: b.id }, url: `/users/${b.username}` });
  });

  it('gathers likes on one target into one notification that resurfaces with each new liker', async () => {
    const a = await server.member();
    const likers = await Promise.all([server.member(), server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId);
    const other = await writePost(a.client, categoryId, 'other');
    await a.client.put(`/api/v1/posts/${post.id}/like`);
    for (const liker of likers.slice(0, 3)) {
      await liker.client.put(`/api/v1/posts/${post.id}/like`);
      await settle();
    }
    let forA = await inbox(a);
    expect(forA.items).toHaveLength(1);
    expect(forA.items[0]).toMatchObject({ kind: 'like', actorCount: 3, actor: { id: likers[2]!.id }, subject: { type: 'post', id: post.id } });
    expect(forA.items[0].actors.map((u: { id: string }) => u.id)).toEqual([likers[2]!.id, likers[1]!.id, likers[0]!.id]);

    await a.client.post('/api/v1/notifications/read', {});
    await likers[0]!.client.put(`/api/v1/posts/${other.id}/like`);
    await settle();
    await likers[3]!.client.put(`/api/v1/posts/${post.id}/like`);
    // Liking again, or unliking and liking again, does not count twice.
    await likers[1]!.client.delete(`/api/v1/posts/${post.id}/like`);
    await likers[1]!.client.put(`/api/v1/posts/${post.id}/like`);
    await settle();
    forA = await inbox(a);
    expect(forA.unreadCount).toBe(2);
    expect(forA.items.map((n) => [n.subject.id, n.actorCount, n.read])).toEqual([[post.id, 4, false], [other.id, 1, false]]);
    expect(forA.items[0].actor.id).toBe(likers[3]!.id);

    await likers[3]!.client.delete(`/api/v1/posts/${post.id}/like`);
    await settle();
    forA = await inbox(a);
    expect(forA.items[0]).toMatchObject({ actorCount: 3 });
    expect(forA.items[0].actor.id).not.toBe(likers[3]!.id);
  });

  it('counts unread notifications and marks the given ones or all read', async () => {
    const a = await server.member();
    const followers = await Promise.all([server.member(), server.member(), server.member()]);
    for (const f of followers) await f.client.put(`/api/v1/users/${a.username}/follow`);
    await settle();
    const before = await inbox(a);
    expect(before.unreadCount).toBe(3);

    const one = await a.client.post('/api/v1/notifications/read', { ids: [before.items[0].id] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ unreadCount: 2 });
    const after = await inbox(a);
    expect(after.items.map((n) => n.read)).toEqual([true, false, false]);

    expect((await a.client.post('/api/v1/notifications/read', {})).body).toEqual({ unreadCount: 0 });
    expect((await inbox(a)).items.every((n) => n.read)).toBe(true);
    const bad = await a.client.post('/api/v1/notifications/read', { ids: Array.from({ length: 101 }, (_, i) => `id${i}`) });
    expect(bad.status).toBe(400);
  });

  it('pages through notifications newest first with an opaque cursor', async () => {
    const a = await server.member();
    const followers = await Promise.all(Array.from({ length: 5 }, () => server.member()));
    for (const f of followers) {
      await f.client.put(`/api/v1/users/${a.username}/follow`);
      await settle();
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page = await inbox(a, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      sizes.push(page.items.length);
      expect(page.unreadCount).toBe(5);
      seen.push(...page.items.map((n) => n.actor.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(followers.map((f) => f.id).reverse());
    expect((await a.client.get('/api/v1/notifications?cursor=nonsense')).status).toBe(400);
    expect((await a.client.get('/api/v1/notifications?limit=1000')).status).toBe(400);
  });

  it('drops notifications about content that was deleted', async () => {
    const [a, b, c] = await Promise.all([server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId);
    const reply = await writeComment(b.client, post.id, 'soon gone');
    await writeComment(b.client, post.id, 'stays');
    const mentioning = await writePost(c.client, categoryId, `hey @${a.username}`);
    await b.client.put(`/api/v1/comments/${reply.id}/like`);
    await settle();
    expect((await inbox(a)).unreadCount).toBe(3);

    expect((await b.client.delete(`/api/v1/comments/${reply.id}`)).status).toBe(204);
    expect((await c.client.delete(`/api/v1/posts/${mentioning.id}`)).status).toBe(204);
    const forA = await inbox(a);
    expect(forA.unreadCount).toBe(1);
    expect(forA.items.map((n) => n.subject.excerpt)).toEqual(['stays']);

    // Likes on the deleted comment show nothing either.
    expect((await inbox(b)).items).toEqual([]);
  });

  it('tells a post author about each of a burst of parallel replies once, each with its own delivery number, and a replay changes nothing', async () => {
    const a = await server.member();
    const repliers = await Promise.all([server.member(), server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId);
    // Replies that arrive together are written in one batch (EventBus.subscribeBatch).
    const comments = await Promise.all(repliers.flatMap((r) => [1, 2, 3].map((i) => writeComment(r.client, post.id, `reply ${i}`).then((c) => ({ ...c, by: r.id })))));
    await settle();
    let forA = await inbox(a, '?limit=50');
    expect(forA.unreadCount).toBe(12);
    expect(forA.items.map((n) => n.subject.id).sort()).toEqual(comments.map((c) => c.id).sort());
    const seqs = forA.items.map((n) => n.seq as number);
    expect(new Set(seqs).size).toBe(12);
    // Newest first: delivery numbers run down the page.
    expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);

    for (const c of comments) {
      server.hearth.bus.publish('content.comment.created', {
        commentId: c.id, postId: post.id, authorId: c.by, postAuthorId: a.id, parentId: null, parentAuthorId: null,
      });
    }
    await settle();
    forA = await inbox(a, '?limit=50');
    expect(forA.unreadCount).toBe(12);
    expect(forA.items.map((n) => n.seq)).toEqual(seqs);
  });

  it('keeps each member to their own notifications', async () => {
    const [a, b] = await Promise.all([server.member(), server.member()]);
    await b.client.put(`/api/v1/users/${a.username}/follow`);
    await settle();
    const id = (await inbox(a)).items[0].id;
    expect((await inbox(b)).items).toEqual([]);
    expect((await b.client.post('/api/v1/notifications/read', { ids: [id] })).body).toEqual({ unreadCount: 0 });
    expect((await inbox(a)).unreadCount).toBe(1);
    const anon = server.client();
    expect((await anon.get('/api/v1/notifications')).status).toBe(401);
    expect((await anon.post('/api/v1/notifications/read', {})).status).toBe(401);
  });

  it('keeps e-mail preferences with sensible defaults', async () => {
    const a = await server.member();
    expect((await a.client.get('/api/v1/me/preferences')).body).toEqual({ emailReplies: true, emailMentions: true, emailDigest: false });
    const put = await a.client.put('/api/v1/me/preferences', { emailDigest: true });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ emailReplies: true, emailMentions: true, emailDigest: true });
    await a.client.put('/api/v1/me/preferences', { emailReplies: false });
    expect((await a.client.get('/api/v1/me/preferences')).body).toEqual({ emailReplies: false, emailMentions: true, emailDigest: true });
    const bad = await a.client.put('/api/v1/me/preferences', { emailDigest: 'yes please' });
    expect(bad.status).toBe(400);
    expect((await server.client().get('/api/v1/me/preferences')).status).toBe(401);
  });
});
