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

  private unsubscribeUrl(token: string): string {
    return this.link(`/api/v1/unsubscribe?token=${token}`);
  }

  /**
   * A reply or mention, mailed to a member who is not on the site right now and wants it —
   * at most one such e-mail per quiet period (HEARTH_EMAIL_QUIET_MINUTES): a busy thread must
   * not flood an inbox, and what happens meanwhile waits in the app and the daily digest.
   */
  async sendInstant(recipientId: string, notificationId: string): Promise<void> {
    if (this.presence.isOnline(recipientId)) return;
    const quietMs = this.ctx.config.emailQuietMinutes * 60_000;
    // Checked first, as it ends most of a burst with one indexed read; claim() checks again.
    if (await this.inQuietPeriod(recipientId, quietMs)) return;
    const { store } = this.notifications;
    const row = await store.byId(recipientId, notificationId);
    if (!row || (row.kind !== 'reply' && row.kind !== 'mention')) return;
    const kind: EmailKind = row.kind === 'reply' ? 'replies' : 'mentions';
    const prefs = await this.preferences.get(recipientId);
    if (!(kind === 'replies' ? prefs.emailReplies : prefs.emailMentions)) return;
    const user = await this.accounts.findById(recipientId);
    if (!user || user.status !== 'active') return;
    const token = await this.claim(recipientId, row.id, kind, quietMs);
    if (!token) return;
    try {
      const [notification] = await this.notifications.present([row]);
      const mail = instantMail(langOf(user.locale), user.email, notification!, this.link(notification!.url), this.unsubscribeUrl(token));
      await this.mailer.send(mail);
    } catch (err) {
      // Give the claim back so that a replay of the event can try again.
      await this.ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('notifications').set({ emailed_at: null }).where('id', '=', row.id).execute();
        await trx.deleteFrom('notification_email_quiet').where('user_id', '=', recipientId).execute();
      });
      throw err;
    }
  }

  /**
   * Claims, in one transaction, this notification's e-mail and the member's quiet period, and
   * issues the unsubscribe token: instances and replays agree on who sends. Null: not to send.
   */
  private async claim(recipientId: string, notificationId: string, kind: EmailKind, quietMs: number): Promise<string | null> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - quietMs).toISOString();
    return this.ctx.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('notifications').set({ emailed_at: now.toISOString() })
        .where('id', '=', notificationId).where('emailed_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return null;
      // One statement, so two instances (or two events) racing for the same member cannot both
      // see the period over: the second waits for the first's row and finds it fresh.
      const opened = await trx.insertInto('notification_email_quiet').values({ user_id: recipientId, last_sent_at: now.toISOString() })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_sent_at: now.toISOString() })
          .where('notification_email_quiet.last_sent_at', '<=', cutoff))
        .returning('user_id').executeTakeFirst();
      if (!opened) return null;
      return this.preferences.issueUnsubscribeToken(recipientId, kind, trx);
    });
  }

  private async inQuietPeriod(userId: string, quietMs: number): Promise<boolean> {
    if (quietMs === 0) return false;
    const last = await this.ctx.db.selectFrom('notification_email_quiet').select('last_sent_at').where('user_id', '=', userId).executeTakeFirst();
    return last !== undefined && Date.now() - Date.parse(last.last_sent_at) < quietMs;
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
      const token = await this.preferences.issueUnsubscribeToken(userId, 'digest');
      await this.mailer.send(digestMail(langOf(user.locale), user.email, items, this.unsubscribeUrl(token)));
      return true;
    } catch (err) {
      await this.ctx.db.deleteFrom('notification_digests').where('user_id', '=', userId).where('day', '=', day).execute();
      throw err;
    }
  }
}
