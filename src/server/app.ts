import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from './platform/config/index.ts';
import { openDb, runMigrations, type DbHandle, type OpenDbOptions } from './platform/db/index.ts';
import type { EventBus } from './platform/bus/index.ts';
import { addSecurityHeaders, installErrorHandling, installGuard } from './platform/http/index.ts';
import { installOps } from './platform/http/ops.ts';
import { createModuleContext, type ModuleContext } from './platform/module.ts';
import { allMigrations } from './modules/index.ts';
import { createAccounts, type AccountsService } from './modules/accounts/index.ts';
import { createContent } from './modules/content/index.ts';
import { createGrowth } from './modules/growth/index.ts';
import { createSearch } from './modules/search/index.ts';
import { createModeration } from './modules/moderation/index.ts';
import { createNotifications, type Notifications } from './modules/notifications/index.ts';
import { createWeb } from './modules/web/index.ts';

export interface AppOptions {
  config: Config;
  /** Reuse an open database (tests); otherwise one is opened from config.databaseUrl. */
  dbHandle?: DbHandle;
  dbOptions?: OpenDbOptions;
  logger?: boolean;
}

export interface HearthApp {
  app: FastifyInstance;
  ctx: ModuleContext;
  dbHandle: DbHandle;
  bus: EventBus;
  notifications: Notifications;
  /** The running app's accounts service (the CLI and tests create members through it). */
  accounts: AccountsService;
  close(): Promise<void>;
}

/** Opens the database and applies pending migrations (what `hearth migrate` does). */
export async function openAndMigrate(config: Config, dbOptions: OpenDbOptions = {}): Promise<DbHandle> {
  const handle = await openDb(config.databaseUrl, dbOptions);
  await runMigrations(handle.db, handle.dialect, allMigrations);
  handle.enableGroupCommit();
  return handle;
}

export async function buildApp(options: AppOptions): Promise<HearthApp> {
  const { config } = options;
  const dbHandle = options.dbHandle ?? await openAndMigrate(config, options.dbOptions);
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ctx = createModuleContext(dbHandle, config, app.log);
  const { bus, limiter } = ctx;
  app.decorate('hearth', ctx);
  // The API speaks JSON only: anything else is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');

  await app.register(cookie);
  // One WebSocket server for every module's live routes, registered before any route.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  addSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        // Only upgrade subresources when the site itself is served over https.
        upgradeInsecureRequests: config.baseUrl.startsWith('https://') ? [] : null,
      },
    },
    strictTransportSecurity: config.baseUrl.startsWith('https://'),
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Hearth API', version: '1.0.0', description: 'The Hearth v1 HTTP contract' },
      servers: [{ url: config.baseUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hearth_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });

  const accounts = createAccounts(ctx);
  const content = createContent(ctx, { accounts: accounts.service });
  const growth = createGrowth(ctx, { accounts: accounts.service });
  const search = createSearch(ctx);
  const moderation = createModeration(ctx, { accounts: accounts.service, content, growth });
  const notifications = createNotifications(ctx, { accounts: accounts.service });
  app.addHook('onReady', async () => ctx.outbox.start());
  app.addHook('onReady', async () => content.start());
  app.addHook('onReady', async () => notifications.start());
  app.addHook('onReady', async () => search.start());
  // The classifier is loaded at start rather than by the first post or comment.
  app.addHook('onReady', async () => { await moderation.models.active(); });
  app.addHook('onClose', async () => search.stop());
  app.addHook('onClose', async () => notifications.stop());
  const web = createWeb(ctx);

  installErrorHandling(app);
  installGuard(app, { authenticator: accounts.sessions, limiter, baseUrl: config.baseUrl });
  installOps(app);

  app.get('/api/v1/openapi.json', {
    config: { auth: 'public' },
    schema: { hide: true, response: { 200: Type.Unknown() } },
  }, async () => app.swagger());

  await app.register(async (api) => {
    await api.register(accounts.routes);
    await api.register(content.routes);
    await api.register(growth.routes);
    await api.register(growth.shopRoutes);
    await api.register(search.routes);
    await api.register(moderation.routes);
    await api.register(notifications.routes);
    await api.register(web.api);
  }, { prefix: '/api/v1' });
  // The web app's pages, after the API so that its catch-all never shadows an API route.
  await app.register(web.pages);

  await app.ready();

  return {
    app,
    ctx,
    dbHandle,
    bus,
    notifications,
    accounts: accounts.service,
    async close() {
      await app.close();
      await ctx.outbox.stop();
      await dbHandle.close();
    },
  };
}
