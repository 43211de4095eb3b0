import { createMailer, type Mailer } from '../../platform/mail/index.ts';
import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { EmailService } from './emails.ts';
import * as init from './migrations/20261126T0740_notifications_init.ts';
import * as detail from './migrations/20261126T0910_notifications_detail.ts';
import * as emailQuiet from './migrations/20261126T1020_notifications_email_quiet.ts';
import { PreferenceService } from './preferences.ts';
import { NotificationProducer } from './producer.ts';
import { notificationsRoutes } from './routes.ts';
import { NotificationService } from './service.ts';
import { NotificationStore } from './store.ts';
import { StreamHub } from './stream.ts';
import './messages.ts';
import './tables.ts';

declare module '../../platform/bus/index.ts' {
  interface HearthEvents {
    /** A notification was created or resurfaced for a member: open sockets fetch and push it. */
    'notifications.delivered': { userId: string; seq: number };
    'notifications.read': { userId: string };
  }
}

export const notificationsModule: ModuleDefinition = {
  name: 'notifications',
  migrations: { '20261126T0740_notifications_init': init, '20261126T0910_notifications_detail': detail,
    '20261126T1020_notifications_email_quiet': emailQuiet },
};

/** The digest job looks every hour; each member still gets at most one digest a day. */
const DIGEST_CHECK_MS = 60 * 60_000;

export function createNotifications(ctx: ModuleContext, deps: { accounts: AccountsService; mailer?: Mailer }) {
  const store = new NotificationStore(ctx.db);
  const service = new NotificationService(ctx, store, deps.accounts);
  const preferences = new PreferenceService(ctx);
  const hub = new StreamHub(ctx, service);
  const mailer = deps.mailer ?? createMailer(ctx.config, ctx.log);
  const emails = new EmailService(ctx, mailer, service, preferences, deps.accounts, hub);
  new NotificationProducer(ctx, store, async (n, delivered) => {
    ctx.bus.publish('notifications.delivered', { userId: n.recipientId, seq: delivered.seq });
    if (n.kind === 'reply' || n.kind === 'mention') await emails.sendInstant(n.recipientId, delivered.id);
  }).subscribe();

  let digestTimer: NodeJS.Timeout | undefined;
  const runDigests = () => {
    emails.sendDailyDigests(new Date()).catch((err: unknown) => ctx.log.error({ err }, 'daily digests failed'));
  };

  return {
    service,
    preferences,
    /** Mails the daily digests due at `now` (the app runs it hourly; tests call it directly). */
    sendDailyDigests: (now: Date) => emails.sendDailyDigests(now),
    routes: notificationsRoutes({ notifications: service, preferences, hub }),
    start(): void {
      hub.startHeartbeat(ctx.config.streamHeartbeatMs);
      digestTimer = setInterval(runDigests, DIGEST_CHECK_MS);
      digestTimer.unref();
    },
    stop(): void {
      hub.stop();
      clearInterval(digestTimer);
      mailer.close();
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
