import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordActivity } from '../../platform/activity/index.ts';
import { newId, nowIso } from '../../platform/db/index.ts';
import { fail, ok, type Actor, type Authenticator, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { verifyPassword } from './passwords.ts';
import { ACCESS_TOKEN_PREFIX, csrfTokenFor, hashToken, newSecretToken } from './tokens.ts';

const DAY = 86_400_000;
/** last_seen_at is refreshed at most this often, so reads do not all turn into writes. */
const TOUCH_INTERVAL = 5 * 60_000;

export const LOGIN_LIMITS = {
  perAccount: { max: 5, windowMs: 15 * 60_000 },
  perIp: { max: 20, windowMs: 5 * 60_000 },
};

export interface CookieNames {
  session: string;
  csrf: string;
  secure: boolean;
}

export function cookieNames(baseUrl: string): CookieNames {
  const secure = baseUrl.startsWith('https://');
  // The __Host- prefix pins the cookie to this exact host over https.
  return secure
    ? { session: '__Host-hearth_session', csrf: '__Host-hearth_csrf', secure }
    : { session: 'hearth_session', csrf: 'hearth_csrf', secure };
}

export class SessionService implements Authenticator {
  readonly cookies: CookieNames;

  constructor(private readonly ctx: ModuleContext) {
    this.cookies = cookieNames(ctx.config.baseUrl);
  }

  /**
   * Checks credentials under the login throttle. Attempts are counted before the password is
   * verified, so a burst of parallel guesses is cut off at the limit; a success gives its
   * attempt back.
   */
  async login(login: string, password: string, ip: string, userAgent: string | undefined):
    Promise<Result<{ userId: string; token: string; csrfToken: string }>> {
    const needle = login.trim().toLowerCase();
    const user = await this.ctx.db.selectFrom('users').select(['id', 'password_hash', 'status'])
      .where(needle.includes('@') ? 'email_lower' : 'username_lower', '=', needle)
      .executeTakeFirst();
    const accountKey = `login:acct:${user?.id ?? needle}`;
    const ipKey = `login:ip:${ip}`;
    const { limiter } = this.ctx;
    const byAccount = await limiter.consume(accountKey, LOGIN_LIMITS.perAccount.max, LOGIN_LIMITS.perAccount.windowMs);
    if (!byAccount.allowed) return throttled(byAccount.retryAfterSec);
    const byIp = await limiter.consume(ipKey, LOGIN_LIMITS.perIp.max, LOGIN_LIMITS.perIp.windowMs);
    if (!byIp.allowed) {
      await limiter.refund(accountKey);
      return throttled(byIp.retryAfterSec);
    }
    const valid = await verifyPassword(user?.password_hash, password);
    if (!user || !valid) return fail('unauthorized', 'accounts.badCredentials');
    if (user.status !== 'active') return fail('forbidden', 'accounts.suspended');
    await limiter.refund(accountKey);
    await limiter.refund(ipKey);

    return ok(await this.startSession(user.id, ip, userAgent));
  }

  /** A fresh session (new random token) for a member whose identity is already established. */
  async startSession(userId: string, ip: string, userAgent: string | undefined) {
    const token = newSecretToken();
    const now = new Date();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('sessions').values({
        id: newId(),
        token_hash: hashToken(token),
        user_id: userId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.ctx.config.sessionAbsoluteDays * DAY).toISOString(),
        ip,
        user_agent: userAgent?.slice(0, 512) ?? null,
      }).execute();
      await recordActivity(trx, { actorId: userId, verb: 'accounts.session.created', subjectType: 'user', subjectId: userId });
    });
    return { userId, token, csrfToken: csrfTokenFor(token) };
  }

  async endSession(token: string): Promise<void> {
    await this.ctx.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  }

  async endAllSessions(userId: string): Promise<void> {
    await this.ctx.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<Actor | null> {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return this.fromAccessToken(header.slice(7).trim());
    const token = request.cookies[this.cookies.session];
    return token ? this.fromSession(token) : null;
  }

  private async fromAccessToken(token: string): Promise<Actor | null> {
    if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
    const row = await this.ctx.db.selectFrom('access_tokens')
      .innerJoin('users', 'users.id', 'access_tokens.user_id')
      .select(['access_tokens.id as tokenId', 'access_tokens.last_used_at', 'users.id', 'users.username', 'users.role', 'users.status'])
      .where('access_tokens.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.status !== 'active') return null;
    if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_INTERVAL) {
      await this.ctx.db.updateTable('access_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.tokenId).execute();
    }
    return { userId: row.id, username: row.username, role: row.role, via: 'token' };
  }

  private async fromSession(token: string): Promise<Actor | null> {
    const row = await this.ctx.db.selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id as sessionId', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.username', 'users.role', 'users.status'])
      .where('sessions.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.status !== 'active') return null;
    const now = Date.now();
    const idleLimit = this.ctx.config.sessionIdleDays * DAY;
    if (Date.parse(row.expires_at) <= now || now - Date.parse(row.last_seen_at) > idleLimit) {
      await this.ctx.db.deleteFrom('sessions').where('id', '=', row.sessionId).execute();
      return null;
    }
    if (now - Date.parse(row.last_seen_at) > TOUCH_INTERVAL) {
      await this.ctx.db.updateTable('sessions').set({ last_seen_at: new Date(now).toISOString() }).where('id', '=', row.sessionId).execute();
    }
    return { userId: row.id, username: row.username, role: row.role, via: 'cookie', csrfToken: csrfTokenFor(token) };
  }
}

function throttled(seconds: number) {
  return fail('tooMany', 'accounts.loginThrottled', { seconds }, { retryAfterSec: seconds });
}
