import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from './config/index.ts';
import type { Db, DbHandle, DialectName, ModuleMigrations } from './db/index.ts';
import { InProcessEventBus, MemoryRateLimiter, type EventBus, type RateLimiter } from './bus/index.ts';
import { Outbox } from './outbox/index.ts';

/** What every module gets from the platform when the app is composed. */
export interface ModuleContext {
  db: Db;
  dialect: DialectName;
  /** The SQLite database file (undefined on PostgreSQL or in memory), for read workers. */
  sqliteFile: string | undefined;
  bus: EventBus;
  /** Transactions whose events are stored with the data and delivered after commit. */
  outbox: Outbox;
  limiter: RateLimiter;
  config: Config;
  log: FastifyBaseLogger;
}

/** The context for one process: the server, or a CLI command that uses module services. */
export function createModuleContext(handle: DbHandle, config: Config, log: FastifyBaseLogger): ModuleContext {
  const bus = new InProcessEventBus(log);
  return {
    db: handle.db,
    dialect: handle.dialect,
    sqliteFile: handle.sqliteFile,
    bus,
    outbox: new Outbox(handle.db, bus, log),
    limiter: new MemoryRateLimiter(),
    config,
    log,
  };
}

export interface ModuleDefinition {
  name: string;
  migrations: ModuleMigrations;
}

export type Routes = FastifyPluginAsyncTypebox;

declare module 'fastify' {
  interface FastifyInstance {
    hearth: ModuleContext;
  }
}
