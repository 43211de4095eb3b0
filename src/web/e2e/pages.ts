/** Page objects: each knows how a member finds things on one page, by role and accessible
 * name in the member's language, so the tests read as what a person does. */
import type { Locator, Page } from 'playwright-core';
import { translator, type Lang, type Translate } from '../i18n/index.tsx';

export class App {
  readonly t: Translate;
  constructor(readonly page: Page, readonly base: string, readonly lang: Lang) {
    this.t = translator(lang);
  }
  /** Waits for hydration: the header's session area is filled only by the running app. */
  async ready(): Promise<void> {
    await this.page.locator('.header-nav .auth-placeholder').waitFor({ state: 'detached' });
  }
  async open(path: string): Promise<void> {
    await this.page.goto(this.base + path);
    await this.ready();
  }
  get main(): Locator { return this.page.locator('main'); }
  bell(): Locator { return this.page.getByTestId('bell'); }
  unreadBadge(): Locator { return this.page.getByTestId('unread-count'); }
  async waitForUnread(count: number): Promise<void> {
    await this.page.waitForFunction((n) => document.querySelector('[data-testid="unread-count"]')?.textContent === String(n), count, { timeout: 15_000 });
  }
}

export class RegisterPage {
  constructor(private app: App) {}
  async register(username: string, email: string, password: string): Promise<void> {
    const { page, t } = this.app;
    await this.app.open('/register');
    await page.getByLabel(t('auth.username'), { exact: true }).fill(username);
    await page.getByLabel(t('auth.email')).fill(email);
    await page.getByLabel(t('auth.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: t('auth.submitRegister') }).click();
    await page.waitForURL(`${this.app.base}/`);
    await page.getByRole('button', { name: t('nav.menu') }).or(page.locator('summary[aria-label]')).first().waitFor();
  }
  passwordRules(): Locator {
    return this.app.page.getByText(this.app.t('auth.passwordRules'));
  }
}

export class HomePage {
  constructor(private app: App) {}
  async open(): Promise<void> { await this.app.open('/'); }
  postLink(title: string): Locator { return this.app.main.getByRole('link', { name: title }); }
  async startWriting(): Promise<void> {
    await this.app.page.getByRole('link', { name: this.app.t('nav.write') }).first().click();
    await this.app.page.waitForURL(/\/compose$/);
  }
}

export class ComposePage {
  constructor(private app: App) {}
  async write(post: { title: string; category: string; tags: string; body: string }): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('compose.field.title')).fill(post.title);
    await page.getByLabel(t('compose.field.category')).selectOption({ label: post.category });
    await page.getByLabel(t('compose.field.tags')).fill(post.tags);
    await page.getByLabel(t('compose.field.body')).fill(post.body);
  }
  /** The preview pane (on a phone, behind its tab) once the server has rendered it. */
  async preview(): Promise<Locator> {
    const { page, t } = this.app;
    const tab = page.getByRole('button', { name: t('compose.preview') });
    if (await tab.isVisible()) await tab.click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    return preview;
  }
  async publish(): Promise<string> {
    const { page, t } = this.app;
    await page.getByRole('button', { name: t('compose.publish') }).click();
    await page.waitForURL(/\/posts\/[^/]+$/);
    return new URL(page.url()).pathname;
  }
}

export class PostPage {
  constructor(private app: App) {}
  title(): Locator { return this.app.page.getByRole('heading', { level: 1 }); }
  body(): Locator { return this.app.page.locator('article.post .prose'); }
  async reply(text: string): Promise<void> {
    const { page, t } = this.app;
    const box = page.getByLabel(t('comment.yourReply'));
    await box.fill(text);
    await page.getByRole('button', { name: t('comment.send') }).click();
    await page.locator('.comments .prose', { hasText: text }).waitFor();
  }
  focusedComment(): Locator { return this.app.page.locator('article.comment-body:focus'); }
}

export class NotificationsPage {
  constructor(private app: App) {}
  item(text: string): Locator { return this.app.page.getByTestId('notifications').getByRole('link', { name: text }); }
}

export class PointsPage {
  constructor(private app: App) {}
  async open(): Promise<void> {
    await this.app.open('/points');
    await this.app.page.getByTestId('balance').waitFor();
    await this.app.page.getByTestId('checkin-calendar').waitFor();
  }
  async balance(): Promise<number> { return Number(await this.app.page.getByTestId('balance').textContent()); }
  async waitForBalanceAbove(n: number): Promise<number> {
    await this.app.page.waitForFunction((min) => Number(document.querySelector('[data-testid="balance"]')?.textContent) > min, n);
    return this.balance();
  }
  async checkIn(): Promise<void> {
    const { page, t } = this.app;
    await page.getByRole('button', { name: t('growth.checkin.button'), exact: true }).click();
    await page.getByRole('button', { name: t('growth.checkin.done') }).waitFor();
  }
  status(): Locator { return this.app.page.locator('#checkin-status'); }
  ledger(): Locator { return this.app.page.getByTestId('ledger'); }
}

export class MallPage {
  constructor(private app: App) {}
  async redeem(itemName: string): Promise<void> {
    const { page, t } = this.app;
    await this.app.open('/mall');
    await page.getByTestId('mall-items').getByRole('link', { name: itemName }).click();
    await page.getByRole('heading', { level: 1, name: itemName }).waitFor();
    await page.getByRole('button', { name: t('growth.mall.redeem') }).click();
    await page.getByRole('button', { name: t('growth.mall.confirmButton') }).click();
    await page.getByTestId('redeemed').waitFor();
  }
}

export class OrdersPage {
  constructor(private app: App) {}
  async open(): Promise<Locator> {
    await this.app.open('/me/orders');
    const list = this.app.page.getByTestId('orders');
    await list.waitFor();
    return list;
  }
}

/** The report dialog opened from a post, comment or profile. */
export class ReportDialog {
  constructor(private app: App) {}
  dialog(): Locator { return this.app.page.getByRole('dialog'); }
  async report(reason: string, details: string): Promise<string> {
    const { page, t } = this.app;
    await page.locator('article.post').getByRole('button', { name: t('report.action') }).click();
    const dialog = this.dialog();
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: reason }).check();
    await dialog.getByLabel(t('report.details')).fill(details);
    await dialog.getByRole('button', { name: t('report.submit') }).click();
    const outcome = dialog.getByTestId('report-outcome');
    await outcome.waitFor();
    return (await outcome.textContent()) ?? '';
  }
}
