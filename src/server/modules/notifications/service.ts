import { decodeCursor, splitPage } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { presentNotification } from './presenter.ts';
import type { Notification } from './schema.ts';
import type { NotificationRow, NotificationStore } from './store.ts';

export class NotificationService {
  constructor(
    private readonly ctx: ModuleContext,
    readonly store: NotificationStore,
    private readonly accounts: AccountsService,
  ) {}

  async present(rows: NotificationRow[]): Promise<Notification[]> {
    const recent = await this.store.recentActors(rows.map((r) => r.id));
    const users = await this.accounts.summaries([...rows.map((r) => r.actor_id), ...[...recent.values()].flat()]);
    return rows.map((r) => presentNotification(r, users, recent.get(r.id) ?? []));
  }

  async list(userId: string, limit: number, cursor: string | undefined) {
    const before = decodeCursor(cursor, ['number']);
    const rows = await this.store.page(userId, limit + 1, before ? before[0] : null);
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.seq]);
    const [items, unreadCount] = await Promise.all([this.present(pageRows), this.store.unreadCount(userId)]);
    return { items, nextCursor, unreadCount };
  }

  async markRead(userId: string, ids: string[] | undefined): Promise<{ unreadCount: number }> {
    const changed = await this.store.markRead(userId, ids);
    // Other open tabs of the same member update their badge.
    if (changed > 0) this.ctx.bus.publish('notifications.read', { userId });
    return { unreadCount: await this.store.unreadCount(userId) };
  }
}
