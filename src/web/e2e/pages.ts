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
