/**
 * Helpers for the notifications tests: content to be notified about, and a WebSocket client
 * whose messages can be awaited one by one.
 */
import WebSocket from 'ws';
import { uniqueName, type SignedIn, type TestClient, type TestServer } from '../../platform/testing/index.ts';

export async function createCategory(admin: TestClient): Promise<string> {
  const res = await admin.post('/api/v1/categories', { slug: uniqueName('cat').toLowerCase(), name: 'General' });
  if (res.status !== 201) throw new Error(`category: ${res.status} ${res.text}`);
  return res.body.category.id;
}

export async function writePost(client: TestClient, categoryId: string, body = 'Some body', title = 'A post title'): Promise<{ id: string }> {
  const res = await client.post('/api/v1/posts', { categoryId, title, body });
  if (res.status !== 201) throw new Error(`post: ${res.status} ${res.text}`);
  return res.body.post;
}

export async function writeComment(client: TestClient, postId: string, body = 'A reply', parentId?: string): Promise<{ id: string }> {
  const res = await client.post(`/api/v1/posts/${postId}/comments`, { body, ...(parentId ? { parentId } : {}) });
  if (res.status !== 201) throw new Error(`comment: ${res.status} ${res.text}`);
  return res.body.comment;
}

export interface StreamMessage {
  type: string;
  seq?: number;
  unreadCount?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  notification?: any;
}

/** A live connection to /api/v1/stream; `next()` resolves with the next message in order. */
export class StreamClient {
  private readonly queue: StreamMessage[] = [];
  private readonly waiting: ((m: StreamMessage) => void)[] = [];
  readonly closed: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as StreamMessage;
      const waiter = this.waiting.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
    });
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  }

  next(): Promise<StreamMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Messages that arrived and were not read yet. */
  pending(): StreamMessage[] {
    return [...this.queue];
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

export interface ConnectOptions {
  since?: number;
  origin?: string | null;
  headers?: Record<string, string>;
  autoPong?: boolean;
}

function streamUrl(server: TestServer, since: number | undefined): string {
  return `${server.baseUrl.replace(/^http/, 'ws')}/api/v1/stream${since === undefined ? '' : `?since=${since}`}`;
}

/** Opens the stream as a signed-in member's browser would: their session cookie, the site's
 * Origin. Resolves once the server's hello arrived. */
export async function connect(server: TestServer, member: SignedIn, options: ConnectOptions = {}): Promise<{ stream: StreamClient; hello: StreamMessage }> {
  const cookie = `hearth_session=${member.client.cookie('hearth_session')}`;
  const origin = options.origin === undefined ? server.config.baseUrl : options.origin;
  const ws = new WebSocket(streamUrl(server, options.since), {
    headers: { cookie, ...(origin ? { origin } : {}), ...options.headers },
    autoPong: options.autoPong ?? true,
  });
  const stream = new StreamClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const hello = await stream.next();
  return { stream, hello };
}

/** The HTTP status a refused handshake got. */
export function refusedStatus(server: TestServer, options: { since?: number; headers: Record<string, string> }): Promise<number> {
  const ws = new WebSocket(streamUrl(server, options.since), { headers: options.headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      reject(new Error('the handshake was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => {});
  });
}
