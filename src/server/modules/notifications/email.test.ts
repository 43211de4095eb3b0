import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../platform/mail/testing.ts';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { connect, createCategory, writeComment, writePost } from './test-support.ts';

const DAY = 86_400_000;

function unsubscribeLink(mail: ReceivedMail): string {
  const match = /(http:\/\/\S+\/api\/v1\/unsubscribe\?token=[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no unsubscribe link in:\n${mail.text}`);
  return match[1]!;
}

describe.each(dbTargets())('notification e-mail on $name', (target) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let categoryId: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await startTestServer(target, { smtpUrl: smtp.url });
    const admin = await server.member({ role: 'admin' });
    categoryId = await createCategory(admin.client);
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  const settle = () => server.hearth.bus.idle();
  const mailTo = (m: SignedIn) => smtp.received.filter((mail) => mail.to.includes(`${m.username}@example.test`));
  const setLocale = (m: SignedIn, locale: string) => server.hearth.ctx.db.updateTable('users').set({ locale }).where('id', '=', m.id).execute();
  /** As if the member's last instant e-mail went out `minutes` ago. */
  const lastMailedAgo = (m: SignedIn, minutes: number) => server.hearth.ctx.db.updateTable('notification_email_quiet')
    .set({ last_sent_at: new Date(Date.now() - minutes * 60_000).toISOString() }).where('user_id', '=', m.id).execute();

  it('mails a reply to an author who is not online, with a link to it and a working unsubscribe link', async () => {
    const [a, b] = await Promise.all([server.member(), server.member()]);
    const post = await writePost(a.client, categoryId, 'body', '周末去哪儿');
    const reply = await writeComment(b.client, post.id, '去**爬山**吧');
    await settle();

    const mails = mailTo(a);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toEqual([`${a.username}@example.test`]);
    expect(mail.subject).toBe(`${b.username} 回复了你：周末去哪儿`);
    expect(mail.text).toContain('去爬山吧');
    expect(mail.text).toContain(`${server.config.baseUrl}/posts/${post.id}#comment-${reply.id}`);
    expect(mail.html).toContain(`href="${server.config.baseUrl}/posts/${post.id}#comment-${reply.id}"`);
    const link = unsubscribeLink(mail);
    expect(mail.rawHeaders).toContain(`List-Unsubscribe: <${link}>`);
    expect(mail.rawHeaders).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // Opening the link (as a mail scanner would) changes nothing; it shows a button.
    const anon = server.client();
    const page = await anon.get(link.slice(server.config.baseUrl.length));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<form method="post" action="/api/v1/unsubscribe">');
    expect((await a.client.get('/api/v1/me/preferences')).body.emailReplies).toBe(true);

    // Pressing it, signed out, turns reply e-mail off.
    const token = new URL(link).searchParams.get('token')!;
    const done = await anon.request('POST', '/api/v1/unsubscribe', `token=${token}`, {
      'content-type': 'application/x-www-form-urlencoded', origin: server.config.baseUrl,
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('已退订回复提醒邮件');
    expect((await a.client.get('/api/v1/me/preferences')).body).toMatchObject({ emailReplies: false, emailMentions: true });

    await lastMailedAgo(a, 60);
    await writeComment(b.client, post.id, 'and another reply');
    await settle();
    expect(mailTo(a)).toHaveLength(1);
    // The notification itself still arrives in the app.
    expect((await a.client.get('/api/v1/notifications')).body.unreadCount).toBe(2);
  });

  it('mails mentions in the member’s language, and mail clients can unsubscribe in one click', async () => {
    const [a, b] = await Promise.all([server.member(), server.member()]);
    await setLocale(a, 'en');
    const post = await writePost(b.client, categoryId, `what do you think, @${a.username}?`, 'Trip plans');
    await settle();
    const [mail] = mailTo(a);
    expect(mail?.subject).toBe(`${b.username} mentioned you in "Trip plans"`);
    expect(mail?.text).toContain(`${server.config.baseUrl}/posts/${post.id}`);
    expect(mail?.text).toContain('No more e-mails about mentions?');

    const res = await server.client().request('POST', unsubscribeLink(mail!).slice(server.config.baseUrl.length), 'List-Unsubscribe=One-Click', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    expect((await a.client.get('/api/v1/me/preferences')).body).toMatchObject({ emailReplies: true, emailMentions: false });
    await lastMailedAgo(a, 60);
    await writePost(b.client, categoryId, `@${a.username} again`);
    await settle();
    expect(mailTo(a)).toHaveLength(1);
  });

  it('mails a member at most once per quiet period; a busy thread waits in the app', async () => {
    const [a, b, c] = await Promise.all([server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId, 'body', '热闹的帖子');
    await Promise.all([
      writeComment(b.client, post.id, '第一条回复'),
      writeComment(c.client, post.id, '第二条回复'),
      writeComment(b.client, post.id, `@${a.username} 你怎么看`),
    ]);
    await settle();
    expect(mailTo(a)).toHaveLength(1);
    expect((await a.client.get('/api/v1/notifications')).body.unreadCount).toBe(3);

    await lastMailedAgo(a, 9);
    await writeComment(c.client, post.id, '还在安静期');
    await settle();
    expect(mailTo(a)).toHaveLength(1);

    await lastMailedAgo(a, 11);
    await writeComment(c.client, post.id, '安静期过了');
    await settle();
    const mails = mailTo(a);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain('安静期过了');
  });

  it('does not mail members who are online or who turned e-mail off', async () => {
    const [a, b, c] = await Promise.all([server.member(), server.member(), server.member()]);
    const post = await writePost(a.client, categoryId);
    const { stream } = await connect(server, a);
    await writeComment(b.client, post.id, 'seen live');
    expect((await stream.next()).type).toBe('notification');
    await settle();
    expect(mailTo(a)).toEqual([]);
    await stream.close();

    await c.client.put('/api/v1/me/preferences', { emailReplies: false });
    const cPost = await writePost(c.client, categoryId);
    await writeComment(b.client, cPost.id, 'nobody mails this');
    await settle();
    expect(mailTo(c)).toEqual([]);
  });

  it('refuses unknown unsubscribe tokens without changing anything', async () => {
    const anon = server.client();
    const page = await anon.get('/api/v1/unsubscribe?token=' + 'x'.repeat(43));
    expect(page.status).toBe(404);
    expect(page.text).toContain('这个退订链接无效');
    const res = await anon.post('/api/v1/unsubscribe', { token: '<script>' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    anon.lang = 'en';
    expect((await anon.get('/api/v1/unsubscribe?token=%22%3E%3Cscript%3E')).text).not.toContain('<script>');
  });

  it('sends a daily digest of unread notifications to members who asked for it, once a day', async () => {
    const [a, b, c] = await Promise.all([server.member(), server.member(), server.member()]);
    await a.client.put('/api/v1/me/preferences', { emailDigest: true, emailReplies: false });
    const post = await writePost(a.client, categoryId, 'body', 'Digest me');
    await writeComment(b.client, post.id, 'reply one');
    await settle();
    await c.client.put(`/api/v1/users/${a.username}/follow`);
    await b.client.put(`/api/v1/users/${c.username}/follow`);
    await settle();

    const now = new Date();
    const { sendDailyDigests } = server.hearth.notifications;
    await sendDailyDigests(now);
    const digests = mailTo(a);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('你有 2 条未读通知');
    expect(digests[0]!.text).toContain(`${c.username} 关注了你`);
    expect(digests[0]!.text).toContain(`${b.username} 回复了你：Digest me`);
    expect(digests[0]!.text).toContain(`${server.config.baseUrl}/users/${c.username}`);
    // C has unread notifications but did not opt in.
    expect(mailTo(c)).toEqual([]);

    // Again the same (UTC) day: nothing. Next day, with nothing new: nothing either.
    const endOfDay = Date.parse(`${now.toISOString().slice(0, 10)}T23:59:59.999Z`);
    await sendDailyDigests(new Date(Math.min(now.getTime() + 60_000, endOfDay)));
    await sendDailyDigests(new Date(now.getTime() + DAY + 60_000));
    expect(mailTo(a)).toHaveLength(1);

    const anon = server.client();
    const token = new URL(unsubscribeLink(digests[0]!)).searchParams.get('token');
    expect((await anon.post('/api/v1/unsubscribe', { token })).body).toEqual({ kind: 'digest', unsubscribed: true });
    expect((await a.client.get('/api/v1/me/preferences')).body.emailDigest).toBe(false);
  });
});
