import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { responses, sendProblem, unwrap, type RouteRateLimit } from '../../platform/http/index.ts';
import type { Routes } from '../../platform/module.ts';
import { unsubscribePage } from './mail-templates.ts';
import type { PreferenceService } from './preferences.ts';
import {
  ListQuery, MarkReadBody, NotificationPage, Preferences, PreferencesBody, StreamQuery, UnreadState, UnsubscribeBody,
  UnsubscribeQuery, UnsubscribeResult,
} from './schema.ts';
import type { NotificationService } from './service.ts';
import type { StreamHub } from './stream.ts';

const unsubscribeLimit: RouteRateLimit = { bucket: 'unsubscribe', max: 30, windowSec: 60, per: 'ip' };

/**
 * Browsers send Origin on every WebSocket handshake but let any site open one to any host, with
 * the victim's cookies: the handshake is only accepted from the site's own pages. Clients that
 * send no Origin are not browsers, and must then prove themselves with a token, not a cookie.
 */
function originAllowed(request: FastifyRequest, baseUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return request.actor?.via === 'token';
  return origin === new URL(baseUrl).origin || origin === `${request.protocol}://${request.host}`;
}

export interface NotificationRoutesDeps {
  notifications: NotificationService;
  preferences: PreferenceService;
  hub: StreamHub;
}

export function notificationsRoutes({ notifications, preferences, hub }: NotificationRoutesDeps): Routes {
  return async (app) => {
    const tags = ['notifications'];

    app.get('/notifications', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My notifications, newest activity first', querystring: ListQuery, response: responses({ 200: NotificationPage }) },
    }, async (request) => notifications.list(request.actor!.userId, request.query.limit ?? 20, request.query.cursor));

    app.post('/notifications/read', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Mark the given notifications (or all) read', body: MarkReadBody, response: responses({ 200: UnreadState }) },
    }, async (request) => notifications.markRead(request.actor!.userId, request.body.ids));

    app.get('/me/preferences', {
      config: { auth: 'user' },
      schema: { tags, summary: 'My notification e-mail preferences', response: responses({ 200: Preferences }) },
    }, async (request) => preferences.get(request.actor!.userId));

    app.put('/me/preferences', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Change my notification e-mail preferences', body: PreferencesBody, response: responses({ 200: Preferences }) },
    }, async (request) => preferences.update(request.actor!.userId, request.body));

    app.get('/stream', {
      websocket: true,
      config: { auth: 'user' },
      schema: { tags, summary: 'Live notifications (WebSocket)', querystring: StreamQuery, response: responses({}) },
      preHandler: async (request, reply) => {
        if (!originAllowed(request, app.hearth.config.baseUrl)) {
          return sendProblem(reply, request.lang, { kind: 'forbidden', key: 'notifications.badOrigin' });
        }
      },
    }, (socket, request) => hub.attach(socket, request.actor!.userId, (request.query as { since?: number }).since));

    const unsubscribeRoutes: Routes = async (unsub) => {
      // The unsubscribe page posts an HTML form, and mail clients post `List-Unsubscribe=One-Click`
      // (RFC 8058): both arrive form-encoded, which only these routes accept.
      unsub.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });

      // No change on GET (link scanners open every link in a mail): the page asks for a click.
      unsub.get('/unsubscribe', {
        config: { auth: 'public' },
        schema: { tags, summary: 'The confirmation page of an e-mail unsubscribe link', querystring: UnsubscribeQuery, response: responses({ 200: Type.String() }) },
      }, async (request, reply) => {
        const found = await preferences.lookupToken(request.query.token);
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
        if (!found.ok) return reply.code(404).send(unsubscribePage(request.lang, {}));
        return reply.send(unsubscribePage(request.lang, { confirmKind: found.value.kind, token: request.query.token! }));
      });

      unsub.post('/unsubscribe', {
        config: { auth: 'public', rateLimit: unsubscribeLimit },
        schema: {
          tags, summary: 'Turn off one kind of e-mail with the token from its link; no sign-in needed',
          querystring: UnsubscribeQuery, body: UnsubscribeBody, response: responses({ 200: Type.Union([UnsubscribeResult, Type.String({ description: 'the HTML page, for form posts' })]) }),
        },
      }, async (request, reply) => {
        const result = await preferences.unsubscribe(request.body.token ?? request.query.token);
        if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
          reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
          if (!result.ok) return reply.code(404).send(unsubscribePage(request.lang, {}));
          return reply.send(unsubscribePage(request.lang, { doneKind: result.value.kind }));
        }
        return { kind: unwrap(result).kind, unsubscribed: true };
      });
    };
    await app.register(unsubscribeRoutes);
  };
}
