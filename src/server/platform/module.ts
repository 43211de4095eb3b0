import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from './config/index.ts';
import type { Db, DialectName, ModuleMigrations } from './db/index.ts';
import type { EventBus, RateLimiter } from './bus/index.ts';

/** What every module gets from the platform when the app is composed. */
export interface ModuleContext {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  limiter: RateLimiter;
  config: Config;
  log: FastifyBaseLogger;
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
