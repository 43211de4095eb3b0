import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG; only the SHA-256 is stored, so a database leak yields no sessions. */
export function newSecretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The CSRF token is bound to the session: derived from its (HttpOnly) token, so a page on
 * another site can neither read nor guess it. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export const ACCESS_TOKEN_PREFIX = 'hth_';
