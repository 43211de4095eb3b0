/** Page objects for the admin console (src/web/admin), found by role and accessible name in
 * the staff member's language, like the member pages in pages.ts. */
import type { Locator } from 'playwright-core';
import type { App } from './pages.ts';

export class LoginPage {
  constructor(private app: App) {}
  /** Signs in through the form and lands on `next`. */
  async signIn(login: string, password: string, next = '/'): Promise<void> {
    const { page, t } = this.app;
    await this.app.open(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel(t('auth.login')).fill(login);
    await page.getByLabel(t('auth.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: t('auth.submitSignIn') }).click();
    await page.waitForURL((url) => url.pathname === next.split('?')[0]);
  }
}

export class AdminConsole {
  constructor(protected app: App) {}
  /** Opens a section and waits for the lazily loaded console to show its heading. */
  async open(section: string, heading: string): Promise<void> {
    await this.app.open(`/admin/${section}`);
    await this.heading(heading).waitFor();
  }
  heading(name: string): Locator { return this.app.main.getByRole('heading', { level: 1, name }); }
  menuLink(name: string): Locator { return this.app.page.getByRole('navigation', { name: this.app.t('admin.nav.label') }).getByRole('link', { name }); }
  status(text: string): Locator { return this.app.main.getByRole('status').filter({ hasText: text }); }
}

export class QueuePage extends AdminConsole {
  async visit(): Promise<void> { await this.open('queue', this.app.t('admin.section.queue')); }
  items(): Locator { return this.app.page.getByTestId('queue-item'); }
  item(title: string): Locator { return this.items().filter({ has: this.app.page.getByRole('heading', { name: title }) }); }
  shortcutsHelp(): Locator { return this.app.page.getByText(this.app.t('admin.queue.shortcuts')); }
  /** Moves the keyboard cursor with j/k until the item with this title has focus. */
  async moveTo(title: string): Promise<void> {
    const { page } = this.app;
    const focused = () => page.evaluate((t) => !!document.activeElement?.closest('[data-testid="queue-item"]')?.textContent?.includes(t), title);
    const total = await this.items().count();
    await page.keyboard.press('k');
    for (let i = 0; i <= total && !(await focused()); i += 1) await page.keyboard.press('j');
    if (!(await focused())) throw new Error(`queue item "${title}" never got focus`);
  }
  async press(key: string): Promise<void> { await this.app.page.keyboard.press(key); }
  async addTemplate(title: string, body: string): Promise<void> {
    const { page, t } = this.app;
    await page.getByText(t('admin.reasons.title')).click();
    await page.getByLabel(t('admin.reasons.name')).fill(title);
    await page.getByLabel(t('admin.reasons.body')).fill(body);
    await page.getByRole('button', { name: t('admin.reasons.add') }).click();
    await page.getByRole('option', { name: title }).waitFor({ state: 'attached' });
  }
  async decisionDetails(template: string, note: string): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.queue.reasonTemplate')).selectOption({ label: template });
    await page.getByLabel(t('admin.queue.note')).fill(note);
  }
  async showDecided(): Promise<void> {
    await this.app.page.getByRole('button', { name: this.app.t('admin.queue.status.decided') }).click();
  }
}

export class MallAdminPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('mall', this.app.t('admin.section.mall')); }
  async createItem(item: { name: string; kind: 'virtual' | 'physical'; price: number; stock: number; perMemberLimit?: number }): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.mall.name'), { exact: true }).fill(item.name);
    await page.getByLabel(t('admin.mall.kind'), { exact: true }).selectOption(item.kind);
    await page.getByLabel(t('admin.mall.price'), { exact: true }).fill(String(item.price));
    await page.getByLabel(t('admin.mall.stock'), { exact: true }).fill(String(item.stock));
    if (item.perMemberLimit) await page.getByLabel(t('admin.mall.perMemberLimit'), { exact: true }).fill(String(item.perMemberLimit));
    await page.getByRole('button', { name: t('admin.mall.createButton') }).click();
    await this.status(t('admin.mall.created', { name: item.name })).waitFor();
  }
  /** The item's row (a card on a phone) in the list. */
  row(name: string): Locator { return this.app.main.locator('tr').filter({ hasText: name }); }
  fieldError(label: string): Locator {
    return this.app.page.locator('.field').filter({ has: this.app.page.getByLabel(label, { exact: true }) }).locator('.field-error');
  }
}

export class GrantsPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('grants', this.app.t('admin.section.grants')); }
  async fill(username: string, amount: number, reason: string): Promise<Locator> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.common.username')).fill(username);
    await page.getByLabel(t('admin.grants.amount')).fill(String(amount));
    await page.getByLabel(t('admin.grants.reason')).fill(reason);
    return page.getByRole('button', { name: t('admin.grants.submit') });
  }
}

export class OrdersAdminPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('orders', this.app.t('admin.section.orders')); }
  order(itemName: string): Locator { return this.app.page.getByTestId('order').filter({ hasText: itemName }); }
  async fulfil(itemName: string): Promise<void> {
    const { t } = this.app;
    const order = this.order(itemName).first();
    await order.getByRole('button', { name: `${t('admin.orders.fulfil')}: ${itemName}` }).click();
    await order.getByText(t('admin.orders.status.fulfilled'), { exact: true }).waitFor();
  }
}

export class WordsPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('words', this.app.t('admin.section.words')); }
  async add(pattern: string, action: string, category: string): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.words.pattern'), { exact: true }).fill(pattern);
    await page.getByLabel(t('admin.words.actionLabel'), { exact: true }).selectOption(action);
    await page.getByLabel(t('admin.words.category'), { exact: true }).fill(category);
    await page.getByRole('button', { name: t('admin.words.addButton'), exact: true }).click();
    await this.row(pattern).waitFor();
  }
  row(pattern: string): Locator { return this.app.main.locator('tr').filter({ hasText: pattern }); }
  async importCsv(csv: string): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.words.csvText')).fill(csv);
    await page.getByRole('button', { name: t('admin.words.import'), exact: true }).click();
  }
  async remove(pattern: string): Promise<void> {
    const { t } = this.app;
    await this.row(pattern).getByRole('button', { name: `${t('admin.common.remove')}: ${pattern}` }).click();
    await this.row(pattern).waitFor({ state: 'detached' });
  }
}

export class LevelsPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('levels', this.app.t('admin.section.levels')); }
  threshold(level: number): Locator {
    return this.app.main.getByRole('region', { name: `Lv${level}`, exact: true }).getByLabel(this.app.t('admin.levels.threshold'));
  }
  async save(): Promise<void> { await this.app.page.getByRole('button', { name: this.app.t('admin.common.save'), exact: true }).click(); }
}

export class LotteriesAdminPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('lotteries', this.app.t('admin.section.lotteries')); }
  async create(name: string, cost: number, prizes: { name: string; weight: number; stock: number }[]): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.lotteries.name'), { exact: true }).fill(name);
    await page.getByLabel(t('admin.lotteries.cost'), { exact: true }).fill(String(cost));
    for (const [i, prize] of prizes.entries()) {
      if (i > 0) await page.getByRole('button', { name: t('admin.lotteries.addPrize') }).click();
      const row = page.locator('.admin-prize').nth(i);
      await row.getByLabel(t('admin.lotteries.prizeName', { n: i + 1 }), { exact: true }).fill(prize.name);
      await row.getByLabel(t('admin.lotteries.weight'), { exact: true }).fill(String(prize.weight));
      await row.getByLabel(t('admin.lotteries.stock'), { exact: true }).fill(String(prize.stock));
    }
    await page.getByRole('button', { name: t('admin.lotteries.createButton') }).click();
    await this.card(name).waitFor();
  }
  card(name: string): Locator { return this.app.main.locator('.admin-cards > li').filter({ has: this.app.page.getByRole('heading', { name }) }); }
}

export class ModelsPage extends AdminConsole {
  async visit(): Promise<void> { await this.open('models', this.app.t('admin.section.models')); }
  async importExamples(csv: string): Promise<void> {
    const { page, t } = this.app;
    await page.getByRole('region', { name: t('admin.models.examples') }).getByLabel(t('admin.words.csvText')).fill(csv);
    await page.getByRole('button', { name: t('admin.models.importExamples') }).click();
  }
  async retrain(note: string): Promise<void> {
    const { page, t } = this.app;
    await page.getByLabel(t('admin.models.note')).fill(note);
    await page.getByRole('button', { name: t('admin.models.retrainButton') }).click();
    await this.status(t('admin.models.retrained')).waitFor();
  }
  version(n: number): Locator {
    return this.app.main.locator('.admin-cards > li').filter({ has: this.app.page.getByRole('heading', { name: this.app.t('admin.models.version', { version: n }) }) });
  }
}
