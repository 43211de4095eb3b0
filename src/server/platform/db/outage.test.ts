import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, type TestServer } from '../testing/index.ts';

/** A TCP relay in front of PostgreSQL that the test can cut and restore, to play an outage. */
function relay(targetPort: number, listenPort = 0) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise<{ port: number; cut(): Promise<void> }>((resolve) => {
    server.listen(listenPort, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        cut: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

const postgres = dbTargets().find((t) => t.name === 'postgres');

// Only meaningful on PostgreSQL (SQLite is a file in the process); CI always runs it.
describe.runIf(postgres)('PostgreSQL outage', () => {
  let server: TestServer | undefined;
  afterAll(async () => { await server?.close(); });

  it('answers 503 with retry-after within 2 s while PostgreSQL is gone, and recovers within 10 s', async () => {
    const upstream = new URL(postgres!.url!);
    let link = await relay(Number(upstream.port || 5432));
    const viaRelay = new URL(postgres!.url!);
    viaRelay.port = String(link.port);
    server = await startTestServer({ name: 'postgres', url: viaRelay.toString() });
    const c = server.client();
    // Every request asks for a different page size, so no cached answer can stand in.
    let n = 0;
    const read = () => c.get(`/api/v1/posts?limit=${(n++ % 100) + 1}`);
    expect((await read()).status).toBe(200);

    await link.cut();
    const started = Date.now();
    const during = await read();
    expect(during.status).toBe(503);
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await c.get('/readyz')).status).toBe(503);

    link = await relay(Number(upstream.port || 5432), link.port);
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await read()).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
