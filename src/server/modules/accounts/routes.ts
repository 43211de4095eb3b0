import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { NoContent, Page, PageQuery, fail, responses, unwrap, type Result } from '../../platform/http/index.ts';
import type { Routes } from '../../platform/module.ts';
import { AccessToken, FollowEntry, FollowState, LoginBody, Me, PublicUser, RegisterBody, TokenBody, UsernameParams } from './schema.ts';
import type { AccountsService } from './service.ts';
import type { SessionService } from './sessions.ts';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, PasswordBody, ProfileBody, ProfileService } from './profile.ts';

/** Registrations refused for bad input count against a looser, separate limit (API.md). */
const INVALID_REGISTRATIONS_PER_HOUR = 60;
const HOUR = 3_600_000;

export function accountsRoutes(accounts: AccountsService, sessions: SessionService): Routes {
  return async (app) => {
    const { limiter } = app.hearth;

    function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string) {
      const { cookies } = sessions;
      const maxAge = app.hearth.config.sessionAbsoluteDays * 86_400;
      reply.setCookie(cookies.session, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookies.secure, maxAge });
      reply.setCookie(cookies.csrf, csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure: cookies.secure, maxAge });
    }

    app.post('/auth/register', {
      config: { auth: 'public' },
      schema: { tags: ['accounts'], summary: 'Create an account', body: RegisterBody, response: responses({ 201: Type.Object({ user: Me }) }) },
    }, async (request, reply) => {
      const okKey = `register:ok:${request.ip}`;
      const badKey = `register:bad:${request.ip}`;
      const bad = await limiter.peek(badKey, INVALID_REGISTRATIONS_PER_HOUR);
      if (!bad.allowed) unwrap(tooMany(bad.retryAfterSec));
      const slot = await limiter.consume(okKey, app.hearth.config.registrationsPerIpPerHour, HOUR);
      if (!slot.allowed) unwrap(tooMany(slot.retryAfterSec));
      const created = await accounts.createUser(request.body);
      if (!created.ok) {
        await limiter.refund(okKey);
        await limiter.consume(badKey, INVALID_REGISTRATIONS_PER_HOUR, HOUR);
        unwrap(created);
        return;
      }
      // A new member is signed in straight away.
      const session = await sessions.startSession(created.value.id, request.ip, request.headers['user-agent']);
      setSessionCookies(reply, session.token, session.csrfToken);
      const user = unwrap(await accounts.me(created.value.id, session.csrfToken));
      return reply.code(201).send({ user });
    });

    app.post('/auth/login', {
      config: { auth: 'public' },
      schema: { tags: ['accounts'], summary: 'Sign in with username or e-mail', body: LoginBody, response: responses({ 200: Type.Object({ user: Me }) }) },
    }, async (request, reply) => {
      const session = unwrap(await sessions.login(request.body.login, request.body.password, request.ip, request.headers['user-agent']));
      // Rotate: whatever session this browser had before is ended, never reused.
      const previous = request.cookies[sessions.cookies.session];
      if (previous) await sessions.endSession(previous);
      setSessionCookies(reply, session.token, session.csrfToken);
      return { user: unwrap(await accounts.me(session.userId, session.csrfToken)) };
    });

    app.post('/auth/logout', {
      config: { auth: 'user' },
      schema: { tags: ['accounts'], summary: 'Sign out', response: responses({ 204: NoContent }) },
    }, async (request, reply) => {
      const token = request.cookies[sessions.cookies.session];
      if (token && request.actor?.via === 'cookie') await sessions.endSession(token);
      reply.clearCookie(sessions.cookies.session, { path: '/' });
      reply.clearCookie(sessions.cookies.csrf, { path: '/' });
      return reply.code(204).send(null);
    });

    app.get('/me', {
      config: { auth: 'user' },
      schema: { tags: ['accounts'], summary: 'The signed-in member', response: responses({ 200: Type.Object({ user: Me }) }) },
    }, async (request) => ({ user: unwrap(await accounts.me(request.actor!.userId, request.actor!.csrfToken)) }));

    const profiles = new ProfileService(app.hearth, accounts);
    const meResponse = responses({ 200: Type.Object({ user: Me }) });

    app.patch('/me', {
      config: { auth: 'user', rateLimit: { bucket: 'profile', max: 60, windowSec: 3600, per: 'user' } },
      schema: { tags: ['accounts'], summary: 'Edit display name, bio and language', body: ProfileBody, response: meResponse },
    }, async (request) => {
      unwrap(await profiles.update(request.actor!.userId, request.body));
      return { user: unwrap(await accounts.me(request.actor!.userId, request.actor!.csrfToken)) };
    });

    app.put('/me/password', {
      config: { auth: 'user', rateLimit: { bucket: 'password-change', max: 10, windowSec: 3600, per: 'user' } },
      schema: { tags: ['accounts'], summary: 'Change password (ends every other session)', body: PasswordBody, response: meResponse },
    }, async (request, reply) => {
      const userId = request.actor!.userId;
      unwrap(await profiles.changePassword(userId, request.body.currentPassword, request.body.newPassword));
      // Whoever knew the old password is signed out everywhere; this browser gets a fresh session.
      await sessions.endAllSessions(userId);
      const session = await sessions.startSession(userId, request.ip, request.headers['user-agent']);
      setSessionCookies(reply, session.token, session.csrfToken);
      return { user: unwrap(await accounts.me(userId, session.csrfToken)) };
    });

    await app.register(async (upload) => {
      upload.addContentTypeParser(AVATAR_TYPES, { parseAs: 'buffer', bodyLimit: AVATAR_MAX_BYTES }, (_request, body, done) => done(null, body));
      upload.put('/me/avatar', {
        config: { auth: 'user', rateLimit: { bucket: 'avatar', max: 20, windowSec: 3600, per: 'user' } },
        schema: {
          tags: ['accounts'], summary: 'Upload an avatar (PNG, JPEG or WebP body; resized to a square)',
          response: meResponse,
        },
      }, async (request) => {
        unwrap(await profiles.setAvatar(request.actor!.userId, request.body));
        return { user: unwrap(await accounts.me(request.actor!.userId, request.actor!.csrfToken)) };
      });
    });

    app.post('/me/tokens', {
      config: { auth: 'user', rateLimit: { bucket: 'tokens', max: 20, windowSec: 3600, per: 'user' } },
      schema: {
        tags: ['accounts'], summary: 'Create a personal access token (shown once)', body: TokenBody,
        response: responses({ 201: Type.Object({ id: Type.String(), token: Type.String() }) }),
      },
    }, async (request, reply) => reply.code(201).send(await accounts.createAccessToken(request.actor!.userId, request.body.name)));

    app.get('/me/tokens', {
      config: { auth: 'user' },
      schema: { tags: ['accounts'], summary: 'List personal access tokens', response: responses({ 200: Type.Object({ items: Type.Array(AccessToken) }) }) },
    }, async (request) => ({
      items: (await accounts.listAccessTokens(request.actor!.userId)).map((t) => ({
        id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at,
      })),
    }));

    app.delete('/me/tokens/:id', {
      config: { auth: 'user' },
      schema: { tags: ['accounts'], summary: 'Revoke a personal access token', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: responses({ 204: NoContent }) },
    }, async (request, reply) => {
      unwrap(await accounts.deleteAccessToken(request.actor!.userId, request.params.id));
      return reply.code(204).send(null);
    });

    app.get('/users/:username', {
      config: { auth: 'public' },
      schema: { tags: ['accounts'], summary: 'Public profile', params: UsernameParams, response: responses({ 200: PublicUser }) },
    }, async (request) => unwrap(await accounts.profile(request.params.username, request.actor?.userId)));

    for (const direction of ['followers', 'following'] as const) {
      app.get(`/users/:username/${direction}`, {
        config: { auth: 'public' },
        schema: {
          tags: ['accounts'], summary: direction === 'followers' ? "A member's followers" : 'Members a member follows',
          params: UsernameParams, querystring: Type.Object(PageQuery), response: responses({ 200: Page(FollowEntry) }),
        },
      }, async (request) => unwrap(await accounts.follows(request.params.username, direction, request.query.limit ?? 20, request.query.cursor)));
    }

    for (const method of ['put', 'delete'] as const) {
      app[method]('/users/:username/follow', {
        config: { auth: 'user', rateLimit: { bucket: 'follow', max: 120, windowSec: 3600, per: 'user', staffExempt: true } },
        schema: {
          tags: ['accounts'], summary: method === 'put' ? 'Follow a member' : 'Unfollow a member',
          params: UsernameParams, response: responses({ 200: FollowState }),
        },
      }, async (request) => unwrap(await accounts.setFollow(request.actor!.userId, request.params.username, method === 'put')));
    }
  };
}

function tooMany(seconds: number): Result<never> {
  return fail('tooMany', 'accounts.registerThrottled', { seconds }, { retryAfterSec: seconds });
}
