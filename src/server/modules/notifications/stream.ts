import type { WebSocket } from 'ws';
import type { ModuleContext } from '../../platform/module.ts';
import type { NotificationService } from './service.ts';

/** Catch-up is sent in pages of this size until the client is current. */
const BATCH = 100;

/**
 * One open socket. Everything it sends goes through one promise chain, and it sends rows with
 * seq above the last one it sent, read from the database: so whatever order delivery events
 * arrive in, and however many arrive at once, the client gets each notification once, in
 * order, with nothing skipped.
 */
class Connection {
  private lastSeq = 0;
  private chain: Promise<void> = Promise.resolve();
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly userId: string,
    private readonly notifications: NotificationService,
    private readonly log: ModuleContext['log'],
  ) {}

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((err: unknown) => {
      this.log.warn({ err, userId: this.userId }, 'notification stream failed; closing it');
      this.socket.terminate();
    });
    return this.chain;
  }

  private send(message: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Without `since` the client starts from now (it reads older ones from the list); with it,
   * it first receives everything it missed. */
  start(since: number | undefined): Promise<void> {
    return this.enqueue(async () => {
      const { store } = this.notifications;
      const current = await store.lastSeq(this.userId);
      this.lastSeq = since === undefined ? current : Math.min(since, current);
      this.send({ type: 'hello', seq: this.lastSeq, unreadCount: await store.unreadCount(this.userId) });
      await this.drain();
    });
  }

  pump(): Promise<void> {
    return this.enqueue(() => this.drain());
  }

  sendUnread(): Promise<void> {
    return this.enqueue(async () => this.send({ type: 'unread', unreadCount: await this.notifications.store.unreadCount(this.userId) }));
  }

  private async drain(): Promise<void> {
    const { store } = this.notifications;
    for (;;) {
      if (this.socket.readyState !== this.socket.OPEN) return;
      const rows = await store.after(this.userId, this.lastSeq, BATCH);
      if (rows.length === 0) return;
      const [items, unreadCount] = await Promise.all([this.notifications.present(rows), store.unreadCount(this.userId)]);
      for (const notification of items) {
        this.send({ type: 'notification', seq: notification.seq, notification, unreadCount });
        this.lastSeq = notification.seq;
      }
      if (rows.length < BATCH) return;
    }
  }
}

/**
 * The open notification sockets of this instance. Delivery comes through the event bus
 * (`notifications.delivered`), so with a Redis bus every instance hears of every
 * notification and pushes it to the sockets it holds.
 */
export class StreamHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ModuleContext, private readonly notifications: NotificationService) {
    ctx.bus.subscribe('notifications.delivered', (e) => this.forUser(e.userId, (c) => c.pump()));
    ctx.bus.subscribe('notifications.read', (e) => this.forUser(e.userId, (c) => c.sendUnread()));
  }

  private async forUser(userId: string, act: (c: Connection) => Promise<void>): Promise<void> {
    await Promise.all([...(this.byUser.get(userId) ?? [])].map(act));
  }

  /** Whether the member has the site open on this instance. */
  isOnline(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }

  attach(socket: WebSocket, userId: string, since: number | undefined): void {
    const conn = new Connection(socket, userId, this.notifications, this.ctx.log);
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(conn);
    socket.on('pong', () => { conn.alive = true; });
    socket.on('close', () => {
      set.delete(conn);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    });
    // The stream only speaks; anything a client says is ignored.
    socket.on('message', () => {});
    void conn.start(since);
  }

  /** Pings every socket each interval; one that has not answered the previous ping is gone
   * (a laptop lid closed, a network dropped) and is cut so it stops counting as online. */
  startHeartbeat(intervalMs: number): void {
    this.heartbeat = setInterval(() => {
      for (const set of this.byUser.values()) {
        for (const conn of set) {
          if (!conn.alive) {
            conn.socket.terminate();
            continue;
          }
          conn.alive = false;
          conn.socket.ping();
        }
      }
    }, intervalMs);
    this.heartbeat.unref();
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }
}
