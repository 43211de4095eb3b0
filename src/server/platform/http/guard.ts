import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { can, isStaff, type Permission, type Role } from '../../../common/roles.ts';
import type { RateLimiter } from '../bus/index.ts';
import { pickLang, type Lang } from './i18n.ts';
import { sendProblem } from './errors.ts';

/** Who is making a request, resolved once per request by the accounts module. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  via: 'cookie' | 'token';
  /** Expected value of the x-csrf-token header for cookie sessions. */
  csrfToken?: string;
}

export interface Authenticator {
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null>;
}

export interface RouteRateLimit {
  /** Name of the bucket; routes sharing a name share a limit. */
  bucket: string;
  max: number;
  windowSec: number;
  per: 'user' | 'ip';
  /** Staff (admin, operator, moderator) are not limited (API.md: posting and reporting). */
  staffExempt?: boolean;
  /** Message key used in the 429 detail. */
  messageKey?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route states who may call it: anyone, or signed-in members. */
    auth?: 'public' | 'user';
    permission?: Permission;
    rateLimit?: RouteRateLimit;
  }
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
  }
  interface FastifyInstance {
    /** Every route with what it declared; the route-table test checks each is enforced. */
    routeTable: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  auth: 'public' | 'user';
  permission: Permission | undefined;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface GuardOptions {
  authenticator: Authenticator;
  limiter: RateLimiter;
  baseUrl: string;
}

function sameOrigin(request: FastifyRequest, baseUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  if (origin === new URL(baseUrl).origin) return true;
  return origin === `${request.protocol}://${request.host}`;
}

/** Enforces each route's declared auth, permission, CSRF and rate limit, in one place. */
export function installGuard(app: FastifyInstance, options: GuardOptions): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');

  const routeTable: DeclaredRoute[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    const auth = route.config?.auth;
    if (!auth) throw new Error(`route ${methods.join(',')} ${route.url} must declare config.auth`);
    if (!route.schema?.response) throw new Error(`route ${methods.join(',')} ${route.url} must declare a response schema`);
    for (const method of methods) routeTable.push({ method, url: route.url, auth, permission: route.config?.permission });
  });

  app.addHook('onRequest', async (request, reply) => {
    request.lang = pickLang(request.headers['accept-language']);
    const config = request.routeOptions.config;
    if (!config.auth) return; // 404 handler
    request.actor = await options.authenticator.authenticate(request, reply);
    const actor = request.actor;
    if (actor?.via === 'cookie' && unsafeMethods.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const tokenOk = typeof header === 'string' && header === actor.csrfToken;
      if (!tokenOk && !sameOrigin(request, options.baseUrl)) {
        return sendProblem(reply, request.lang, { kind: 'forbidden', key: 'error.csrf' });
      }
    }
    if (config.auth === 'user' && !actor) {
      return sendProblem(reply, request.lang, { kind: 'unauthorized', key: 'error.signInRequired' });
    }
    if (config.permission && (!actor || !can(actor.role, config.permission))) {
      return sendProblem(reply, request.lang, actor
        ? { kind: 'forbidden', key: 'error.permissionDenied' }
        : { kind: 'unauthorized', key: 'error.signInRequired' });
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const limit = request.routeOptions.config.rateLimit;
    if (!limit) return;
    const actor = request.actor;
    if (limit.staffExempt && actor && isStaff(actor.role)) return;
    const who = limit.per === 'user' && actor ? `u:${actor.userId}` : `ip:${request.ip}`;
    const decision = await options.limiter.consume(`${limit.bucket}:${who}`, limit.max, limit.windowSec * 1000);
    if (!decision.allowed) {
      return sendProblem(reply, request.lang, {
        kind: 'tooMany',
        key: limit.messageKey ?? 'error.rateLimited',
        params: { seconds: decision.retryAfterSec },
        retryAfterSec: decision.retryAfterSec,
      });
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    const bad = findUnsafeText(request.body, 'body') ?? findUnsafeText(request.query, 'query');
    if (bad) {
      return sendProblem(reply, request.lang, {
        kind: 'invalid', key: 'error.validation', errors: [{ field: bad, key: 'error.invalidText' }],
      });
    }
  });
}

// NUL cannot be stored by PostgreSQL and lone surrogates cannot round-trip through UTF-8:
// both are refused up front so that neither database ever sees them.
// eslint-disable-next-line no-control-regex
const unsafeText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findUnsafeText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return unsafeText.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnsafeText(value[i], `${path}.${i}`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findUnsafeText(v, path === 'body' || path === 'query' ? k : `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}
