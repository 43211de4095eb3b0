import { buildApp } from './app.ts';
import { loadConfig, type Config } from './platform/config/index.ts';
import { trimFreeMemoryEvery } from './platform/memory/index.ts';

/** Starts the server and shuts it down gracefully on SIGINT/SIGTERM: stop accepting, finish
 * in-flight requests and event handlers, then close the database. */
export async function startServer(config: Config = loadConfig()): Promise<void> {
  const hearth = await buildApp({ config });
  const { app } = hearth;
  let closing = false;
  let stopTrimming = () => {};
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopTrimming();
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await hearth.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  // The allocator keeps what bursts of work free (see platform/memory); the server gives it back.
  stopTrimming = trimFreeMemoryEvery(10_000, (err) => app.log.warn({ err }, 'memory trim failed'));
  const where = hearth.dbHandle.sqliteFile ? `SQLite at ${hearth.dbHandle.sqliteFile}` : 'PostgreSQL';
  const noUsers = (await hearth.ctx.db.selectFrom('users').select('id').limit(1).execute()).length === 0;
  console.log(`\nHearth is running at ${config.baseUrl} (${where})`);
  if (noUsers) {
    console.log('No accounts yet. Create the first admin with:\n' +
      '  npm run hearth -- user create --username admin --email admin@example.com --password <password> --role admin\n');
  }
}
