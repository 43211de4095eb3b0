import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../../server/platform/testing/index.ts';
import type { Lang } from '../i18n/index.tsx';
import { axeSeriousViolations, launchBrowser, newMemberContext, screenshot, startServerWithCategory, viewports } from './harness.ts';
import { App, ComposePage, HomePage, MallPage, OrdersPage, PointsPage, RegisterPage, ReportDialog } from './pages.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServerWithCategory(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let n = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(n += 1)}`;

/** An operator stocks the mall through the API, as the admin console would. */
async function stockMall(name: string): Promise<void> {
  const operator = await server.member({ role: 'admin' });
  const res = await operator.client.post('/api/v1/mall/items', { name, description: 'A thank-you sticker pack', kind: 'virtual', price: 5, stock: 3, perMemberLimit: 1 });
  expect(res.status).toBe(201);
}

const runs: { lang: Lang; viewport: keyof typeof viewports; other: keyof typeof viewports }[] = [
  { lang: 'zh-CN', viewport: 'desktop', other: 'phone' },
  { lang: 'en', viewport: 'phone', other: 'desktop' },
];

describe.each(runs)('growth and reports in $lang on $viewport', ({ lang, viewport, other }) => {
  it('checks in, earns points by posting, redeems a mall item, follows and reports', async () => {
    const run = `${lang}-${viewport}`;
    const itemName = unique(lang === 'en' ? 'Sticker pack ' : '贴纸礼包 ');
    await stockMall(itemName);
    const a = await newMemberContext(browser, lang, viewport);
    const b = await newMemberContext(browser, lang, viewport);
    try {
      const alice = new App(a.page, server.baseUrl, lang);
      const aliceName = unique('ann');
      await new RegisterPage(alice).register(aliceName, `${aliceName}@example.com`, 'a long walk in the hills');

      // Check in: streak 1, and the balance rises.
      const points = new PointsPage(alice);
      await points.open();
      const start = await points.balance();
      await points.checkIn();
      await a.page.getByText(alice.t('growth.checkin.streak', { days: 1 })).first().waitFor();
      const afterCheckin = await points.waitForBalanceAbove(start);
      expect(await a.page.locator('.calendar td.checked').count()).toBe(1);
      await screenshot(a.page, `${run}-points`);

      // Writing a post earns points.
      await new HomePage(alice).open();
      await new HomePage(alice).startWriting();
      const compose = new ComposePage(alice);
      const title = lang === 'en' ? `Points post ${aliceName}` : `赚积分的帖子 ${aliceName}`;
      await compose.write({ title, category: '生活 Life', tags: 'points', body: 'Hello **everyone**' });
      const postPath = await compose.publish();
      await server.hearth.bus.idle();
      await points.open();
      const afterPost = await points.waitForBalanceAbove(afterCheckin);
      expect(afterPost).toBeGreaterThanOrEqual(afterCheckin + 5);
      await points.ledger().getByText(alice.t('growth.reason.post')).first().waitFor();

      // Redeem the operator's item, then find the order.
      await new MallPage(alice).redeem(itemName);
      await screenshot(a.page, `${run}-mall-redeemed`);
      const orders = await new OrdersPage(alice).open();
      await orders.getByRole('link', { name: itemName }).waitFor();
      expect(await orders.textContent()).toContain(alice.t('growth.orders.status.pending'));
      await screenshot(a.page, `${run}-orders`);
      await points.open();
      expect(await points.balance()).toBe(afterPost - 5);

      // Another member follows her and sees her post under "following", then reports it.
      const bob = new App(b.page, server.baseUrl, lang);
      const bobName = unique('ben');
      await new RegisterPage(bob).register(bobName, `${bobName}@example.com`, 'another long passphrase');
      await bob.open(`/u/${aliceName}`);
      await b.page.getByRole('button', { name: bob.t('profile.follow') }).click();
      await b.page.getByRole('button', { name: bob.t('profile.unfollow') }).waitFor();
      await bob.open('/');
      await b.page.getByRole('link', { name: bob.t('feed.following') }).click();
      await b.page.waitForURL(/feed=following/);
      await new HomePage(bob).postLink(title).waitFor();
      await screenshot(b.page, `${run}-following`);

      await bob.open(postPath);
      const report = new ReportDialog(bob);
      const first = await report.report(bob.t('report.reason.spam'), 'Selling things');
      expect(first).toBe(bob.t('report.thanks'));
      await screenshot(b.page, `${run}-report`);
      await b.page.keyboard.press('Escape');
      await report.dialog().waitFor({ state: 'detached' }).catch(() => report.dialog().waitFor({ state: 'hidden' }));
      // Focus returns to the report button once the dialog closes.
      expect(await b.page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('dialog');
      await bob.open(postPath);
      expect(await report.report(bob.t('report.reason.spam'), 'Again')).toBe(bob.t('report.already'));

      // The growth pages at the other size, for the screenshots.
      await a.page.setViewportSize(viewports[other]);
      for (const [path, name] of [['/points', 'points'], ['/mall', 'mall'], ['/leaderboards?board=points&period=all', 'leaderboards'], [`/u/${aliceName}?tab=followers`, 'profile-followers']] as const) {
        await alice.open(path);
        await a.page.locator('main h1').first().waitFor();
        await a.page.waitForFunction(() => !document.querySelector('main .state-loading'));
        await screenshot(a.page, `${lang}-${other}-${name}`);
      }
      await a.page.getByTestId('member-followers').getByRole('link', { name: bobName }).waitFor();
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});

describe('moderation as the author sees it', () => {
  it('marks a held comment as awaiting review and shows a blocked write next to the editor', async () => {
    const moderator = await server.member({ role: 'admin' });
    const review = unique('reviewword');
    const block = unique('blockword');
    expect((await moderator.client.post('/api/v1/moderation/words', { pattern: review, action: 'review', category: 'ads' })).status).toBe(201);
    expect((await moderator.client.post('/api/v1/moderation/words', { pattern: block, action: 'block', category: 'abuse' })).status).toBe(201);
    const m = await newMemberContext(browser, 'zh-CN', 'desktop');
    try {
      const app = new App(m.page, server.baseUrl, 'zh-CN');
      const name = unique('mod');
      await new RegisterPage(app).register(name, `${name}@example.com`, 'a careful writer here');
      await app.open('/compose');
      const compose = new ComposePage(app);
      await compose.write({ title: `Held ${name}`, category: '生活 Life', tags: 'x', body: 'Plain words' });
      await app.open(await compose.publish());
      const box = m.page.getByLabel(app.t('comment.yourReply'));
      await box.fill(`buy now ${review}`);
      await m.page.getByRole('button', { name: app.t('comment.send') }).click();
      await m.page.locator('.comments').getByText(app.t('moderation.pending')).waitFor();
      await box.fill(`you are ${block}`);
      await m.page.getByRole('button', { name: app.t('comment.send') }).click();
      const refusal = m.page.locator('.reply-box [role="alert"], .reply-box .field-error').first();
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('abuse');
      await screenshot(m.page, 'zh-CN-desktop-moderation-author');
      expect(m.errors.filter((e) => !e.includes('422'))).toEqual([]);
    } finally {
      await m.context.close();
    }
  });
});

describe('growth accessibility', () => {
  it('has no serious or critical axe violations on /points, /mall, a mall item and /leaderboards, in both languages', async () => {
    const itemName = unique('Axe item ');
    await stockMall(itemName);
    const results: Record<string, unknown> = {};
    for (const lang of ['zh-CN', 'en'] as const) {
      const m = await newMemberContext(browser, lang, 'desktop');
      try {
        const app = new App(m.page, server.baseUrl, lang);
        const name = unique('axe');
        await new RegisterPage(app).register(name, `${name}@example.com`, 'checking every page');
        for (const path of ['/points', '/mall', '/leaderboards', '/me/orders']) {
          await app.open(path);
          await m.page.locator('main h1').first().waitFor();
          await m.page.waitForFunction(() => !document.querySelector('main .state-loading'));
          results[`${lang} ${path}`] = await axeSeriousViolations(m.page);
        }
        await app.open('/mall');
        await m.page.getByRole('link', { name: itemName }).click();
        await m.page.getByRole('heading', { level: 1, name: itemName }).waitFor();
        results[`${lang} mall item`] = await axeSeriousViolations(m.page);
        expect(m.errors).toEqual([]);
      } finally {
        await m.context.close();
      }
    }
    console.log('axe serious/critical violations:', JSON.stringify(results));
    for (const v of Object.values(results)) expect(v).toEqual([]);
  });
});
