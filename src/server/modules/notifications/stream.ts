import type { WebSocket } from 'ws';
import type { ModuleContext } from '../../platform/module.ts';
import type { NotificationService } from './service.ts';

/** Catch-up is sent in pages of this size until the client is current. */
const BATCH = 100;

/** One open socket and the last seq it was sent. */
class Connection {
  lastSeq = 0;
  /** Set once its hello is sent: until then a delivery must not push to it from seq 0. */
  started = false;
  alive = true;

  constructor(readonly socket: WebSocket) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(data: string): void {
    if (this.open) this.socket.send(data);
  }
}

/**
 * The open sockets of one member. Everything sent to them goes through one promise chain,
 * and each socket is sent rows with seq above the last one it was sent, read from the
 * database: so whatever order delivery events arrive in, and however many arrive at once,
 * every client gets each notification once, in order, with nothing skipped. Sockets at the
 * same position (the usual case: every tab is current) share one read and one serialised
 * message, so a delivery costs the same queries for one tab or a thousand; a socket that is
 * behind catches up on its own read.
 */
class UserFeed {
  readonly connections = new Set<Connection>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly userId: string,
    private readonly notifications: NotificationService,
    private readonly log: ModuleContext['log'],
  ) {}

  /** A failed step closes the sockets it was serving; their clients reconnect with `since`. */
  private enqueue(step: () => Promise<void>, serving: () => Iterable<Connection>): Promise<void> {
    this.chain = this.chain.then(step).catch((err: unknown) => {
      this.log.warn({ err, userId: this.userId }, 'notification stream failed; closing it');
      for (const c of serving()) c.socket.terminate();
    });
    return this.chain;
  }

  /** Without `since` the client starts from now (it reads older ones from the list); with it,
   * it first receives everything it missed. */
  start(conn: Connection, since: number | undefined): Promise<void> {
    return this.enqueue(async () => {
      const { store } = this.notifications;
      const current = await store.lastSeq(this.userId);
      conn.lastSeq = since === undefined ? current : Math.min(since, current);
      conn.started = true;
      conn.send(JSON.stringify({ type: 'hello', seq: conn.lastSeq, unreadCount: await store.unreadCount(this.userId) }));
      while (await this.sendAfter(conn.lastSeq, [conn]));
    }, () => [conn]);
  }

  pump(): Promise<void> {
    return this.enqueue(async () => {
      for (;;) {
        const atSeq = new Map<number, Connection[]>();
        for (const c of this.connections) {
          if (!c.open || !c.started) continue;
          const group = atSeq.get(c.lastSeq);
          if (group) group.push(c);
          else atSeq.set(c.lastSeq, [c]);
        }
        let more = false;
        for (const [seq, group] of atSeq) more = (await this.sendAfter(seq, group)) || more;
        if (!more) return;
      }
    }, () => this.connections);
  }

  sendUnread(): Promise<void> {
    return this.enqueue(async () => {
      const data = JSON.stringify({ type: 'unread', unreadCount: await this.notifications.store.unreadCount(this.userId) });
      for (const c of this.connections) if (c.started) c.send(data);
    }, () => this.connections);
  }

  /** Sends one page of rows after `seq` to the group; true when a full page was sent. */
  private async sendAfter(seq: number, group: Connection[]): Promise<boolean> {
    const { store } = this.notifications;
    if (!group.some((c) => c.open)) return false;
    const rows = await store.after(this.userId, seq, BATCH);
    if (rows.length === 0) return false;
    const [items, unreadCount] = await Promise.all([this.notifications.present(rows), store.unreadCount(this.userId)]);
    for (const notification of items) {
      const data = JSON.stringify({ type: 'notification', seq: notification.seq, notification, unreadCount });
      for (const c of group) {
        c.send(data);
        c.lastSeq = notification.seq;
      }
    }
    return rows.length === BATCH;
  }
}

/**
 * The open notification sockets of this instance. Delivery comes through the event bus
 * (`notifications.delivered`), so with a Redis bus every instance hears of every
 * notification and pushes it to the sockets it holds.
 */
export class StreamHub {
  private readonly byUser = new Map<string, UserFeed>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ModuleContext, private readonly notifications: NotificationService) {
    ctx.bus.subscribe('notifications.delivered', (e) => this.byUser.get(e.userId)?.pump());
    ctx.bus.subscribe('notifications.read', (e) => this.byUser.get(e.userId)?.sendUnread());
  }

  /** Whether the member has the site open on this instance. */
  isOnline(userId: string): boolean {
    return (this.byUser.get(userId)?.connections.size ?? 0) > 0;
  }

  attach(socket: WebSocket, userId: string, since: number | undefined): void {
    const conn = new Connection(socket);
    let feed = this.byUser.get(userId);
    if (!feed) {
      feed = new UserFeed(userId, this.notifications, this.ctx.log);
      this.byUser.set(userId, feed);
    }
    const mine = feed;
    mine.connections.add(conn);
    socket.on('pong', () => { conn.alive = true; });
    socket.on('close', () => {
      mine.connections.delete(conn);
      if (mine.connections.size === 0 && this.byUser.get(userId) === mine) this.byUser.delete(userId);
    });
    // The stream only speaks; anything a client says is ignored.
    socket.on('message', () => {});
    void mine.start(conn, since);
  }

  /** Pings every socket each interval; one that has not answered the previous ping is gone
   * (a laptop lid closed, a network dropped) and is cut so it stops counting as online. */
  startHeartbeat(intervalMs: number): void {
    this.heartbeat = setInterval(() => {
      for (const feed of this.byUser.values()) {
        for (const conn of feed.connections) {
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
