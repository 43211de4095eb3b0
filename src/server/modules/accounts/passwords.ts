import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { fail, type Failure } from '../../platform/http/index.ts';

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
// algorithm 2 is Argon2id (the package exports it as an ambient const enum).
const argonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  // ~49k passwords seen most often in breaches, plus ones common on Chinese sites.
  common ??= new Set([
    ...dictionary.passwords.map((p) => p.toLowerCase()),
    'woaini1314', 'woaini520', 'qq123456', 'a123456789', 'aa123456', '5201314520', 'zhang123', 'wang123456',
  ]);
  return common;
}

/** Checks length and the common-password list; no composition rules (NIST 800-63B). */
export function checkPassword(password: string, username: string): Failure | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    return fail('invalid', 'error.validation', undefined, { errors: [{ field: 'password', key: 'accounts.passwordLength' }] });
  }
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) {
    return fail('invalid', 'error.validation', undefined, { errors: [{ field: 'password', key: 'accounts.passwordCommon' }] });
  }
  if (username.length >= 3 && lower.includes(username.toLowerCase())) {
    return fail('invalid', 'error.validation', undefined, { errors: [{ field: 'password', key: 'accounts.passwordContainsName' }] });
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash it still spends the same time, so response
 * times do not reveal which accounts exist. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('hearth-timing-equaliser');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
