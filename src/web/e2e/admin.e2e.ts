import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../../server/platform/testing/index.ts';
import { translator, type Lang } from '../i18n/index.tsx';
import { axeSeriousViolations, launchBrowser, newMemberContext, screenshot, startServerWithCategory, type viewports } from './harness.ts';
import { App, ComposePage, HomePage, MallPage, OrdersPage, PointsPage, RegisterPage } from './pages.ts';
import { AdminConsole, GrantsPage, LevelsPage, LoginPage, LotteriesAdminPage, MallAdminPage, ModelsPage, OrdersAdminPage, QueuePage, WordsPage } from './admin-pages.ts';

let server: TestServer;
let browser: Browser;
let categoryId: string;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServerWithCategory(), launchBrowser()]);
  categoryId = (await server.client().get('/api/v1/categories')).body.items[0].id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let n = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(n += 1)}`;

/** A browser signed in as a new member with this role, on one console page. */
async function staffBrowser(role: 'moderator' | 'operator' | 'admin', lang: Lang, viewport: keyof typeof viewports, next: string) {
  const staff = await server.member({ role });
  const ctx = await newMemberContext(browser, lang, viewport);
  const app = new App(ctx.page, server.baseUrl, lang);
  await new LoginPage(app).signIn(staff.username, staff.password, next);
  return { ...ctx, app, staff };
}

describe.each([
  { lang: 'zh-CN' as const, viewport: 'desktop' as const },
  { lang: 'en' as const, viewport: 'phone' as const },
])('admin console in $lang on $viewport', ({ lang, viewport }) => {
  const run = `admin-flow-${lang}-${viewport}`;

  it('a moderator sees a post held by a review word, approves it with the keyboard, and the post becomes visible', async () => {
    const mod = await staffBrowser('moderator', lang, viewport, '/admin/queue');
    const reader = await newMemberContext(browser, lang, viewport);
    try {
      const word = unique('代发');
      expect((await (await server.member({ role: 'moderator' })).client.post('/api/v1/moderation/words', { pattern: word, action: 'review', category: '广告' })).status).toBe(201);
      const author = await server.member();
      const title = `便宜${word}服务 ${unique('t')}`;
      const created = await author.client.post('/api/v1/posts', { title, body: `找我${word}，价格实惠`, categoryId });
      expect(created.body.post.status).toBe('pending');
      const postId: string = created.body.post.id;
      expect((await server.client().get(`/api/v1/posts/${postId}`)).status).toBe(404);

      const queue = new QueuePage(mod.app);
      await queue.visit();
      const item = queue.item(title);
      await item.waitFor();
      // Why it is here, how long it waited, and the author's record are on the card.
      expect(await item.textContent()).toContain('word:广告');
      expect(await item.textContent()).toContain(mod.app.t('admin.queue.historyText', { decided: 0, rejected: 0 }));
      expect(await queue.shortcutsHelp().isVisible()).toBe(true);
      await screenshot(mod.page, `${run}-queue`);

      await queue.moveTo(title);
      await queue.press('a');
      await item.waitFor({ state: 'detached' });
      await server.hearth.bus.idle();

      expect((await server.client().get(`/api/v1/posts/${postId}`)).body.post.status).toBe('published');
      const readerApp = new App(reader.page, server.baseUrl, lang);
      await readerApp.open(`/posts/${postId}`);
      await reader.page.getByRole('heading', { level: 1, name: title }).waitFor();
      // The decision is in the audit log.
      await new AdminConsole(mod.app).open('audit', mod.app.t('admin.section.audit'));
      await mod.page.getByRole('cell', { name: 'queue.approve' }).first().waitFor();
      await screenshot(mod.page, `${run}-audit`);
      expect([...mod.errors, ...reader.errors]).toEqual([]);
    } finally {
      await mod.context.close();
      await reader.context.close();
    }
  });

  it('an operator grants points, creates a mall item, and fulfils the order a member places', async () => {
    const op = await staffBrowser('operator', lang, viewport, '/admin/mall');
    try {
      const { t } = op.app;
      const mall = new MallAdminPage(op.app);
      await mall.heading(t('admin.section.mall')).waitFor();
      const name = `${lang === 'en' ? 'Hearth mug' : '炉边马克杯'} ${unique('m')}`;
      await mall.createItem({ name, kind: 'physical', price: 30, stock: 2 });
      expect(await mall.row(name).textContent()).toContain('2');
      await screenshot(op.page, `${run}-mall`);

      const member = await server.member();
      const grants = new GrantsPage(op.app);
      await grants.visit();
      const submit = await grants.fill(member.username, 50, 'welcome gift');
      // A double click is one grant: both clicks carry the same Idempotency-Key.
      await submit.dblclick();
      await grants.status(t('admin.grants.done', { username: member.username, amount: 50, balance: 50 })).waitFor();
      await screenshot(op.page, `${run}-grants`);
      expect((await member.client.get('/api/v1/me/points')).body.balance).toBe(50);

      const itemId = (await server.client().get('/api/v1/mall/items')).body.items.find((i: { name: string }) => i.name === name).id;
      const shipping = { name: '王小明', phone: '13800000000', address: '上海市黄浦区南京东路 1 号' };
      const redeemed = await member.client.post(`/api/v1/mall/items/${itemId}/redeem`, { shipping });
      expect(redeemed.status).toBe(201);

      const orders = new OrdersAdminPage(op.app);
      await orders.visit();
      const order = orders.order(name);
      await order.waitFor();
      expect(await order.textContent()).toContain(shipping.address);
      await screenshot(op.page, `${run}-orders`);
      await orders.fulfil(name);
      const mine = await member.client.get('/api/v1/me/orders');
      expect(mine.body.items[0].status).toBe('fulfilled');
      expect(op.errors).toEqual([]);
    } finally {
      await op.context.close();
    }
  });
});

describe('admin console pages', () => {
  const sections = ['queue', 'words', 'models', 'audit', 'rules', 'levels', 'badges', 'grants', 'mall', 'orders', 'lotteries'] as const;

  /** Something on every page, so the screenshots show filled lists, not only empty states. */
  async function seed(): Promise<void> {
    const admin = (await server.member({ role: 'admin' })).client;
    const idem = () => ({ 'idempotency-key': unique('k') });
    await admin.post('/api/v1/moderation/words', { pattern: unique('假货'), action: 'block', category: '违法' });
    await admin.post('/api/v1/moderation/words', { pattern: '微信号', action: 'flag', category: '广告' });
    await admin.post('/api/v1/moderation/reasons', { title: '广告引流', body: '请不要在社区里发布广告或联系方式。' });
    const word = unique('代购');
    await admin.post('/api/v1/moderation/words', { pattern: word, action: 'review', category: '广告' });
    const author = await server.member();
    await author.client.post('/api/v1/posts', { title: `海外${word}，全网最低价`, body: `${word}请私信，长期有效。`, categoryId });
    await admin.post('/api/v1/growth/badges', { slug: unique('helper-'), nameZh: '热心助人', nameEn: 'Helper', description: 'Helped many members' }, idem());
    const item = await admin.post('/api/v1/mall/items', { name: '社区帆布袋', description: '印有 Hearth 标志', kind: 'physical', price: 20, stock: 5, perMemberLimit: 1 }, idem());
    await admin.post('/api/v1/growth/grants', { username: author.username, amount: 100, reason: 'seed' }, idem());
    await author.client.post(`/api/v1/mall/items/${item.body.item.id}/redeem`, { shipping: { name: '李雷', phone: '13912345678', address: '北京市海淀区中关村大街 27 号' } }, idem());
    const lottery = await admin.post('/api/v1/lotteries', { name: '周末抽奖', cost: 5, prizes: [{ name: '贴纸', weight: 5, stock: 10 }, { name: '马克杯', weight: 1, stock: 2 }], blankWeight: 4 }, idem());
    await author.client.post(`/api/v1/lotteries/${lottery.body.lottery.id}/draw`, {}, idem());
  }

  it('render every section for an admin in both languages on phone and desktop', async () => {
    await seed();
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const viewport of ['desktop', 'phone'] as const) {
        const admin = await staffBrowser('admin', lang, viewport, '/admin');
        try {
          const adminConsole = new AdminConsole(admin.app);
          for (const section of sections) {
            await adminConsole.open(section, admin.app.t(`admin.section.${section}`));
            await admin.page.locator('.state-loading').waitFor({ state: 'detached' });
            await screenshot(admin.page, `admin-${lang}-${viewport}-${section}`);
          }
          if (viewport === 'phone') {
            await admin.page.emulateMedia({ colorScheme: 'dark' });
            for (const section of ['queue', 'orders', 'lotteries'] as const) {
              await adminConsole.open(section, admin.app.t(`admin.section.${section}`));
              await admin.page.locator('.state-loading').waitFor({ state: 'detached' });
              await screenshot(admin.page, `admin-${lang}-${viewport}-dark-${section}`);
            }
          }
          expect(admin.errors).toEqual([]);
        } finally {
          await admin.context.close();
        }
      }
    }
  });

  it('shows the console link only to staff, and a member who opens it is told they have no access', async () => {
    const m = await newMemberContext(browser, 'en', 'desktop');
    try {
      const member = await server.member();
      const app = new App(m.page, server.baseUrl, 'en');
      await new LoginPage(app).signIn(member.username, member.password, '/admin');
      await m.page.getByText(app.t('admin.forbidden')).waitFor();
      await m.page.locator('summary').click();
      expect(await m.page.getByRole('link', { name: app.t('admin.nav.link') }).count()).toBe(0);
    } finally {
      await m.context.close();
    }
    // Server-rendered, the console is only a placeholder, kept out of search engines.
    const html = await (await fetch(`${server.baseUrl}/admin/queue`, { headers: { 'accept-language': 'en' } })).text();
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain(translator('en')('admin.section.queue'));
    const op = await staffBrowser('operator', 'en', 'desktop', '/');
    const scripts: string[] = [];
    op.page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
    try {
      await op.app.open('/');
      // The home page never downloads the console's code; the console loads it as its own chunk.
      expect(scripts.some((p) => /AdminConsole/.test(p))).toBe(false);
      await op.page.locator('summary').click();
      await op.page.getByRole('link', { name: op.app.t('admin.nav.link') }).click();
      // An operator's console opens on the growth pages; moderation is not offered.
      await op.page.getByRole('heading', { level: 1, name: op.app.t('admin.section.rules') }).waitFor();
      expect(await new AdminConsole(op.app).menuLink(op.app.t('admin.section.queue')).count()).toBe(0);
      expect(scripts.filter((p) => /AdminConsole/.test(p))).toHaveLength(1);
    } finally {
      await op.context.close();
    }
  });

  it('has no serious or critical axe violations on any console page (queue and mall included), in both languages', async () => {
    const results: Record<string, unknown> = {};
    const author = await server.member();
    const word = unique('刷单');
    await (await server.member({ role: 'admin' })).client.post('/api/v1/moderation/words', { pattern: word, action: 'review', category: 'spam' });
    await author.client.post('/api/v1/posts', { title: `axe ${word}`, body: `${word} body`, categoryId });
    for (const lang of ['zh-CN', 'en'] as const) {
      const admin = await staffBrowser('admin', lang, 'desktop', '/admin/queue');
      try {
        const adminConsole = new AdminConsole(admin.app);
        for (const section of sections) {
          await adminConsole.open(section, admin.app.t(`admin.section.${section}`));
          await admin.page.locator('.state-loading').waitFor({ state: 'detached' });
          results[`${lang} ${section}`] = await axeSeriousViolations(admin.page);
        }
      } finally {
        await admin.context.close();
      }
    }
    console.log('admin axe serious/critical violations:', JSON.stringify(results));
    for (const v of Object.values(results)) expect(v).toEqual([]);
  });
});

describe('issue 5: points from earning to a fulfilled order', () => {
  it('a member checks in, earns points by posting, redeems a mall item, and the operator fulfils the order', async () => {
    const lang = 'zh-CN';
    const op = await staffBrowser('operator', lang, 'desktop', '/admin/mall');
    const m = await newMemberContext(browser, lang, 'phone');
    try {
      // The operator stocks the mall in the console.
      const itemName = unique('签到纪念贴纸 ');
      await new MallAdminPage(op.app).createItem({ name: itemName, kind: 'virtual', price: 5, stock: 3, perMemberLimit: 1 });

      // The member, on a phone, checks in and writes a post, and watches the balance rise.
      const member = new App(m.page, server.baseUrl, lang);
      const name = unique('mei');
      await new RegisterPage(member).register(name, `${name}@example.com`, 'points for every good post');
      const points = new PointsPage(member);
      await points.open();
      const start = await points.balance();
      await points.checkIn();
      const afterCheckin = await points.waitForBalanceAbove(start);
      await new HomePage(member).startWriting();
      const compose = new ComposePage(member);
      await compose.write({ title: `今天的第一帖 ${name}`, category: '生活 Life', tags: '积分', body: '签到之后来发个帖。' });
      await compose.publish();
      await server.hearth.bus.idle();
      await points.open();
      const afterPost = await points.waitForBalanceAbove(afterCheckin);
      expect(afterPost).toBeGreaterThanOrEqual(afterCheckin + 5);

      // Redeems the item: the order waits for the operator.
      await new MallPage(member).redeem(itemName);
      let orders = await new OrdersPage(member).open();
      await orders.getByText(member.t('growth.orders.status.pending')).first().waitFor();

      // The operator fulfils it in the console; the member sees it fulfilled.
      const adminOrders = new OrdersAdminPage(op.app);
      await adminOrders.visit();
      await adminOrders.order(itemName).waitFor();
      await adminOrders.fulfil(itemName);
      await screenshot(op.page, 'admin-flow-issue5-fulfilled');
      orders = await new OrdersPage(member).open();
      await orders.getByText(member.t('growth.orders.status.fulfilled')).first().waitFor();
      await screenshot(m.page, 'admin-flow-issue5-member-orders');
      await points.open();
      expect(await points.balance()).toBe(afterPost - 5);
      expect([...op.errors, ...m.errors]).toEqual([]);
    } finally {
      await op.context.close();
      await m.context.close();
    }
  });
});

describe('console work beyond the main flows', () => {
  it('a moderator selects two held posts with x and rejects both at once; they stay hidden', async () => {
    const mod = await staffBrowser('moderator', 'en', 'desktop', '/admin/queue');
    try {
      const word = unique('spamword');
      await (await server.member({ role: 'moderator' })).client.post('/api/v1/moderation/words', { pattern: word, action: 'review', category: 'spam' });
      const author = await server.member();
      const titles = [`Buy ${word} one ${unique('a')}`, `Buy ${word} two ${unique('b')}`];
      const ids: string[] = [];
      for (const title of titles) ids.push((await author.client.post('/api/v1/posts', { title, body: `cheap ${word}`, categoryId })).body.post.id);
      const queue = new QueuePage(mod.app);
      await queue.visit();
      for (const title of titles) {
        await queue.item(title).waitFor();
        await queue.moveTo(title);
        await queue.press('x');
      }
      await mod.page.getByText(mod.app.t('admin.queue.selectedCount', { count: 2 })).waitFor();
      // A reason template and a note go to both authors with the decision.
      const template = unique('Advertising ');
      await queue.addTemplate(template, 'Please do not advertise here.');
      await queue.decisionDetails(template, 'second warning');
      await mod.page.getByRole('button', { name: mod.app.t('admin.queue.bulk.reject') }).click();
      for (const title of titles) await queue.item(title).waitFor({ state: 'detached' });
      for (const id of ids) expect((await server.client().get(`/api/v1/posts/${id}`)).status).toBe(404);
      await queue.showDecided();
      const decided = queue.item(titles[0]!);
      await decided.waitFor();
      expect(await decided.textContent()).toContain('Please do not advertise here.');
      expect(await decided.textContent()).toContain('second warning');
      await screenshot(mod.page, 'admin-flow-en-desktop-queue-decided');
      expect(mod.errors).toEqual([]);
    } finally {
      await mod.context.close();
    }
  });

  it('a moderator adds, imports and removes sensitive words', async () => {
    const mod = await staffBrowser('moderator', 'zh-CN', 'phone', '/admin/words');
    try {
      const words = new WordsPage(mod.app);
      await words.heading(mod.app.t('admin.section.words')).waitFor();
      const added = unique('刷单');
      await words.add(added, 'block', '诈骗');
      const [a, b] = [unique('代开发票'), unique('高仿')];
      await words.importCsv(`pattern,action,category\n${a},review,广告\n${b},flag,假货\n`);
      await words.status(mod.app.t('admin.words.imported', { imported: 2, skipped: 0 })).waitFor();
      await words.row(a).waitFor();
      await words.remove(added);
      const list = (await (await server.member({ role: 'moderator' })).client.get('/api/v1/moderation/words?limit=500')).body.items.map((w: { pattern: string }) => w.pattern);
      expect(list).toEqual(expect.arrayContaining([a, b]));
      expect(list).not.toContain(added);
      expect(mod.errors).toEqual([]);
    } finally {
      await mod.context.close();
    }
  });

  it('a moderator imports labelled examples, trains a classifier version, activates it and rolls back', async () => {
    const mod = await staffBrowser('moderator', 'en', 'desktop', '/admin/models');
    try {
      const { t } = mod.app;
      const models = new ModelsPage(mod.app);
      await models.heading(t('admin.section.models')).waitFor();
      const fine = ['今天天气真好，一起去爬山吧', '这本书写得很好，推荐大家看看', '谢谢大家的帮助，问题解决了', '周末一起做饭吧', '新手求教，怎么配置环境', '分享一个好用的工具'];
      const rude = ['你就是个垃圾滚出去', '蠢货闭嘴', '垃圾人渣', '你全家都是废物', '去死吧废物', '恶心的东西滚'];
      await models.importExamples(['TEXT,label', ...fine.map((x) => `${x},0`), ...rude.map((x) => `${x},1`)].join('\n'));
      await models.status(t('admin.models.imported', { count: 12 })).waitFor();
      await models.retrain('first trial');
      const v1 = models.version(1);
      await v1.getByText('macroF1').first().waitFor();
      await v1.getByRole('button', { name: t('admin.models.activate') }).click();
      await v1.getByText(t('admin.models.active'), { exact: true }).waitFor();
      await screenshot(mod.page, 'admin-flow-en-desktop-models');
      // The shipped model is older: offered as a rollback.
      await models.version(0).getByRole('button', { name: t('admin.models.rollback') }).click();
      await models.version(0).getByText(t('admin.models.active'), { exact: true }).waitFor();
      const list = (await (await server.member({ role: 'moderator' })).client.get('/api/v1/moderation/models')).body.items;
      expect(list.find((m: { active: boolean }) => m.active).version).toBe(0);
      expect(mod.errors).toEqual([]);
    } finally {
      await mod.context.close();
    }
  });

  it('an operator sees a refused level change explained beside the save button, in their language', async () => {
    const op = await staffBrowser('operator', 'en', 'desktop', '/admin/levels');
    try {
      const levels = new LevelsPage(op.app);
      await levels.heading(op.app.t('admin.section.levels')).waitFor();
      await levels.threshold(3).fill('10');
      await levels.save();
      const error = op.page.locator('.admin-sticky .field-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/[A-Za-z]/);
      expect((await server.client().get('/api/v1/growth/levels')).body.items[2].threshold).not.toBe(10);
    } finally {
      await op.context.close();
    }
  });

  it('an operator creates a lottery with two prizes, a member draws, and closing it publishes the seed that hashes to the published hash', async () => {
    const op = await staffBrowser('operator', 'zh-CN', 'desktop', '/admin/lotteries');
    try {
      const lotteries = new LotteriesAdminPage(op.app);
      await lotteries.heading(op.app.t('admin.section.lotteries')).waitFor();
      const name = unique('新年抽奖');
      await lotteries.create(name, 1, [{ name: '红包', weight: 3, stock: 5 }, { name: '台历', weight: 1, stock: 1 }]);
      const operator = (await server.member({ role: 'operator' })).client;
      const lottery = (await operator.get('/api/v1/lotteries')).body.items.find((l: { name: string }) => l.name === name);
      expect(lottery.prizes.map((p: { name: string }) => p.name)).toEqual(['红包', '台历']);
      const member = await server.member();
      await operator.post('/api/v1/growth/grants', { username: member.username, amount: 5, reason: 'draw' }, { 'idempotency-key': unique('k') });
      expect((await member.client.post(`/api/v1/lotteries/${lottery.id}/draw`, {}, { 'idempotency-key': unique('k') })).status).toBe(201);

      op.page.once('dialog', (d) => void d.accept());
      const card = lotteries.card(name);
      await card.getByRole('button', { name: op.app.t('admin.lotteries.close') }).click();
      await card.getByText(op.app.t('admin.lotteries.status.closed'), { exact: true }).waitFor();
      const seed = await card.locator('code.admin-hash').nth(1).textContent();
      const hash = await card.locator('code.admin-hash').nth(0).textContent();
      expect(createHash('sha256').update(Buffer.from(seed!, 'hex')).digest('hex')).toBe(hash);
      await card.getByRole('button', { name: op.app.t('admin.lotteries.draws') }).click();
      await card.locator('tbody tr').first().waitFor();
      await screenshot(op.page, 'admin-flow-zh-CN-desktop-lottery-closed');
      expect(op.errors).toEqual([]);
    } finally {
      await op.context.close();
    }
  });
});
