import { nowIso } from '../../platform/db/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { digestMail, instantMail, langOf } from './mail-templates.ts';
import type { PreferenceService } from './preferences.ts';
import type { NotificationService } from './service.ts';
import type { EmailKind } from './tables.ts';

export interface Presence {
  isOnline(userId: string): boolean;
}

const DAY = 86_400_000;
/** A digest lists at most this many notifications; the site has the rest. */
const DIGEST_ITEMS = 30;
const DIGEST_BATCH = 200;

export class EmailService {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly mailer: Mailer,
    private readonly notifications: NotificationService,
    private readonly preferences: PreferenceService,
    private readonly accounts: AccountsService,
    private readonly presence: Presence,
  ) {}

  private link(path: string): string {
    return `${this.ctx.config.baseUrl}${path}`;
  }

  private async unsubscribeUrl(userId: string, kind: EmailKind): Promise<string> {
    const token = await this.preferences.issueUnsubscribeToken(userId, kind);
    return this.link(`/api/v1/unsubscribe?token=${token}`);
  }

  /** A reply or mention, mailed to a member who is not on the site right now and wants it. */
  async sendInstant(recipientId: string, notificationId: string): Promise<void> {
    if (this.presence.isOnline(recipientId)) return;
    const { store } = this.notifications;
    const row = await store.byId(recipientId, notificationId);
    if (!row || (row.kind !== 'reply' && row.kind !== 'mention')) return;
    const kind: EmailKind = row.kind === 'reply' ? 'replies' : 'mentions';
    const prefs = await this.preferences.get(recipientId);
    if (!(kind === 'replies' ? prefs.emailReplies : prefs.emailMentions)) return;
    const user = await this.accounts.findById(recipientId);
    if (!user || user.status !== 'active') return;
    if (!(await store.claimEmail(row.id))) return;
    try {
      const [notification] = await this.notifications.present([row]);
      const mail = instantMail(langOf(user.locale), user.email, notification!, this.link(notification!.url), await this.unsubscribeUrl(recipientId, kind));
      await this.mailer.send(mail);
    } catch (err) {
      // Give the claim back so that a replay of the event can try again.
      await store.releaseEmail(row.id);
      throw err;
    }
  }

  /**
   * Mails each member who opted in a summary of their unread notifications of the last day.
   * A member gets at most one digest per UTC day, however often this runs and on however many
   * instances: the day is claimed in the database before the mail goes out.
   */
  async sendDailyDigests(now: Date): Promise<number> {
    const day = now.toISOString().slice(0, 10);
    const since = new Date(now.getTime() - DAY).toISOString();
    let sent = 0;
    let after = '';
    for (;;) {
      const batch = await this.ctx.db.selectFrom('notification_preferences').select('user_id')
        .where('email_digest', '=', 1).where('user_id', '>', after).orderBy('user_id').limit(DIGEST_BATCH).execute();
      for (const { user_id: userId } of batch) {
        try {
          if (await this.sendDigest(userId, day, since)) sent += 1;
        } catch (err) {
          this.ctx.log.error({ err, userId }, 'digest e-mail failed');
        }
      }
      if (batch.length < DIGEST_BATCH) return sent;
      after = batch[batch.length - 1]!.user_id;
    }
  }

  private async sendDigest(userId: string, day: string, since: string): Promise<boolean> {
    const rows = await this.notifications.store.unreadSince(userId, since, DIGEST_ITEMS);
    if (rows.length === 0) return false;
    const user = await this.accounts.findById(userId);
    if (!user || user.status !== 'active') return false;
    const claimed = await this.ctx.db.insertInto('notification_digests').values({ user_id: userId, day, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing()).executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    try {
      const items = (await this.notifications.present(rows)).map((notification) => ({ notification, link: this.link(notification.url) }));
      await this.mailer.send(digestMail(langOf(user.locale), user.email, items, await this.unsubscribeUrl(userId, 'digest')));
      return true;
    } catch (err) {
      await this.ctx.db.deleteFrom('notification_digests').where('user_id', '=', userId).where('day', '=', day).execute();
      throw err;
    }
  }
}
