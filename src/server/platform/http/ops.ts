import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { can } from '../../../common/roles.ts';
import { ping } from '../db/index.ts';
import { sendProblem } from './errors.ts';
import { responses } from './schemas.ts';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** /healthz, /readyz and /metrics (Prometheus), plus request timing for every route. */
export function installOps(app: FastifyInstance, extraReadiness: () => Promise<void> = async () => {}): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'hearth_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'hearth_outbox_backlog',
    help: 'Events committed but not yet handled by every handler (search index, notifications, points)',
    registers: [registry],
    collect() { this.set(app.hearth.outbox.backlog); },
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', {
    config: { auth: 'public' },
    schema: { tags: ['operations'], response: responses({ 200: Type.Object({ status: Type.Literal('ok') }) }) },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { auth: 'public' },
    schema: { tags: ['operations'], response: responses({ 200: Type.Object({ status: Type.Literal('ready') }) }) },
  }, async (request, reply) => {
    try {
      await Promise.race([
        Promise.all([ping(app.hearth.db), extraReadiness()]),
        new Promise((_, reject) => setTimeout(() => reject(new Error('readiness timeout')), 2000).unref()),
      ]);
      return { status: 'ready' as const };
    } catch (err) {
      request.log.warn({ err }, 'not ready');
      reply.header('retry-after', '5');
      return sendProblem(reply, request.lang, { kind: 'unavailable', key: 'problem.unavailable' });
    }
  });

  app.get('/metrics', {
    config: { auth: 'public' },
    schema: { tags: ['operations'], response: responses({ 200: Type.String({ description: 'Prometheus text format' }) }) },
  }, async (request, reply) => {
    // Operators see metrics from anywhere; a scraper on the same host needs no account.
    const direct = loopback.has(request.socket.remoteAddress ?? '') && !request.headers['x-forwarded-for'];
    const allowed = direct || (request.actor && can(request.actor.role, 'metrics.read'));
    if (!allowed) {
      return sendProblem(reply, request.lang, request.actor
        ? { kind: 'forbidden', key: 'error.permissionDenied' }
        : { kind: 'unauthorized', key: 'error.signInRequired' });
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
