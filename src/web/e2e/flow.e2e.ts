import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../../server/platform/testing/index.ts';
import sharp from 'sharp';
import { translator, type Lang } from '../i18n/index.tsx';
import { axeSeriousViolations, launchBrowser, newMemberContext, screenshot, startServerWithCategory, type viewports } from './harness.ts';
import { App, ComposePage, HomePage, NotificationsPage, PostPage, RegisterPage } from './pages.ts';

const runs: { lang: Lang; viewport: keyof typeof viewports }[] = [
  { lang: 'zh-CN', viewport: 'desktop' },
  { lang: 'en', viewport: 'desktop' },
  { lang: 'zh-CN', viewport: 'phone' },
];

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServerWithCategory(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const avatarPng = () => sharp({ create: { width: 600, height: 400, channels: 3, background: '#2a7ab0' } }).png().toBuffer();

let n = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(n += 1)}`;

describe.each(runs)('member flow in $lang on $viewport', ({ lang, viewport }) => {
  it('registers, writes a post with Markdown and a tag, gets a reply from another member live, and lands on it', async () => {
    const run = `${lang}-${viewport}`;
    const a = await newMemberContext(browser, lang, viewport);
    const b = await newMemberContext(browser, lang, viewport);
    try {
      const alice = new App(a.page, server.baseUrl, lang);
      const register = new RegisterPage(alice);
      await alice.open('/register');
      // The password rules are explained before the form is sent.
      expect(await register.passwordRules().isVisible()).toBe(true);
      await screenshot(a.page, `${run}-register`);
      const aliceName = unique('alice');
      await register.register(aliceName, `${aliceName}@example.com`, 'a long walk in the hills');

      const home = new HomePage(alice);
      await home.startWriting();
      const compose = new ComposePage(alice);
      const title = lang === 'en' ? `Weekend hike ${aliceName}` : `周末去爬山 ${aliceName}`;
      await compose.write({ title, category: '生活 Life', tags: 'hiking', body: 'Bring **water** and a map.\n\n- boots\n- hat' });
      const preview = await compose.preview();
      expect(await preview.innerHTML()).toContain('<strong>water</strong>');
      await screenshot(a.page, `${run}-compose`);
      const postPath = await compose.publish();
      const post = new PostPage(alice);
      expect(await post.title().textContent()).toBe(title);
      expect(await post.body().innerHTML()).toContain('<strong>water</strong>');
      expect(await a.page.getByRole('link', { name: '#hiking' }).isVisible()).toBe(true);
      await screenshot(a.page, `${run}-post`);

      await home.open();
      await home.postLink(title).waitFor();
      await screenshot(a.page, `${run}-home`);
      expect(await alice.unreadBadge().count()).toBe(0);

      // A second member, in another browser context, replies.
      const bob = new App(b.page, server.baseUrl, lang);
      const bobName = unique('bob');
      await new RegisterPage(bob).register(bobName, `${bobName}@example.com`, 'another long passphrase');
      await bob.open(postPath);
      const replyText = lang === 'en' ? 'Count me in!' : '算我一个！';
      await new PostPage(bob).reply(replyText);

      // The first member's bell rises without a reload.
      await alice.waitForUnread(1);
      await screenshot(a.page, `${run}-home-unread`);
      await alice.bell().click();
      await a.page.waitForURL(/\/notifications$/);
      const notifications = new NotificationsPage(alice);
      const item = notifications.item(alice.t('notifications.reply', { name: bobName }));
      await item.waitFor();
      await screenshot(a.page, `${run}-notifications`);
      await item.click();
      await a.page.waitForURL((url) => url.pathname === postPath && url.hash.startsWith('#comment-'));
      const landed = new PostPage(alice).focusedComment();
      await landed.waitFor();
      expect(await landed.textContent()).toContain(replyText);

      // The profile and search pages render for this member too.
      await alice.open(`/u/${aliceName}`);
      await a.page.getByRole('heading', { level: 1, name: aliceName }).waitFor();
      await screenshot(a.page, `${run}-profile`);
      // Search finds the post, with the hit highlighted in its snippet.
      await server.hearth.bus.idle();
      await alice.open(`/search?q=${encodeURIComponent(aliceName)}`);
      await a.page.getByRole('link', { name: title }).waitFor();
      await a.page.locator('.search-results mark').first().waitFor();
      await screenshot(a.page, `${run}-search`);
      await alice.open('/settings');
      await a.page.getByLabel(alice.t('settings.displayName')).waitFor();
      await screenshot(a.page, `${run}-settings`);
      // A new avatar, resized by the server, shows in the header at once.
      await a.page.getByLabel(alice.t('settings.avatar')).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: await avatarPng() });
      await a.page.locator('summary img.avatar[src^="/uploads/avatars/"]').waitFor();
      // The language switches anywhere, without a reload; so does the theme.
      const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
      await a.page.getByTestId('lang-switch').selectOption(other);
      await a.page.getByRole('heading', { level: 1, name: translator(other)('settings.title') }).waitFor();
      expect(await a.page.locator('html').getAttribute('lang')).toBe(other);
      await a.page.getByRole('button', { name: translator(other)('theme.toggle') }).click();
      await screenshot(a.page, `${run}-settings-switched`);
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});

describe('long threads', () => {
  it('shows the first comments, loads the rest on request, and finds a linked comment further down', async () => {
    const author = await server.member();
    const categories = (await author.client.get('/api/v1/categories')).body.items as { id: string }[];
    const post = (await author.client.post('/api/v1/posts', { title: '一个很长的讨论', categoryId: categories[0]!.id, body: '大家来聊聊' })).body.post;
    // An operator: members are rate-limited well below 35 comments in a few seconds.
    const replier = await server.member({ role: 'admin' });
    const ids: string[] = [];
    for (let i = 1; i <= 35; i += 1) {
      ids.push((await replier.client.post(`/api/v1/posts/${post.id}/comments`, { body: `第 ${i} 楼 **加油**` })).body.comment.id);
    }
    for (const lang of ['zh-CN', 'en'] as const) {
      const m = await newMemberContext(browser, lang, lang === 'en' ? 'desktop' : 'phone');
      try {
        const app = new App(m.page, server.baseUrl, lang);
        await app.open(`/posts/${post.id}`);
        const bodies = m.page.locator('.comments .prose');
        expect(await bodies.count()).toBe(30);
        // Bodies the boot data left out are read back from the page: hydration keeps them.
        expect(await bodies.first().innerHTML()).toBe('<p>第 1 楼 <strong>加油</strong></p>\n');
        expect(await m.page.locator('article.post .prose').textContent()).toContain('大家来聊聊');
        await m.page.getByRole('button', { name: app.t('list.loadMore') }).click();
        await m.page.locator('.comments .prose', { hasText: '第 35 楼' }).waitFor();
        expect(await bodies.count()).toBe(35);
        expect(await m.page.getByRole('button', { name: app.t('list.loadMore') }).count()).toBe(0);
        await screenshot(m.page, `${lang}-long-thread`);

        await app.open(`/posts/${post.id}#comment-${ids[33]}`);
        await m.page.locator(`#comment-${ids[33]}`).waitFor();
        expect(m.errors).toEqual([]);
      } finally {
        await m.context.close();
      }
    }
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe violations on home, post, compose, profile and search, in both languages', async () => {
    const results: Record<string, unknown> = {};
    for (const lang of ['zh-CN', 'en'] as const) {
      const m = await newMemberContext(browser, lang, 'desktop');
      try {
        const app = new App(m.page, server.baseUrl, lang);
        const name = unique('axe');
        await new RegisterPage(app).register(name, `${name}@example.com`, 'checking every page');
        await app.open('/compose');
        const compose = new ComposePage(app);
        await compose.write({ title: `Axe ${name}`, category: '生活 Life', tags: 'a11y', body: 'Some *text*' });
        const postPath = await compose.publish();
        for (const path of ['/', postPath, '/compose', `/u/${name}`, `/search?q=${encodeURIComponent('text')}`]) {
          await app.open(path);
          await m.page.locator('main h1').first().waitFor();
          const violations = await axeSeriousViolations(m.page);
          results[`${lang} ${path}`] = violations;
        }
      } finally {
        await m.context.close();
      }
    }
    console.log('axe serious/critical violations:', JSON.stringify(results));
    for (const v of Object.values(results)) expect(v).toEqual([]);
  });
});
