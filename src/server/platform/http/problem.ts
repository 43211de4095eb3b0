import type { MessageParams } from './i18n.ts';

export type ProblemKind =
  | 'invalid' | 'unauthorized' | 'forbidden' | 'notFound' | 'conflict'
  | 'tooLarge' | 'unsupportedMedia' | 'unprocessable' | 'tooMany' | 'unavailable';

export const problemStatus: Record<ProblemKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  tooLarge: 413,
  unsupportedMedia: 415,
  unprocessable: 422,
  tooMany: 429,
  unavailable: 503,
};

export interface FieldError {
  field: string;
  /** Message key and parameters; translated when the response is written. */
  key: string;
  params?: MessageParams;
}

export interface Failure {
  ok: false;
  kind: ProblemKind;
  /** Message key of the detail. */
  key: string;
  params?: MessageParams;
  errors?: FieldError[];
  retryAfterSec?: number;
}

export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail(kind: ProblemKind, key: string, params?: MessageParams, extra: Partial<Failure> = {}): Failure {
  return { ok: false, kind, key, ...(params ? { params } : {}), ...extra };
}

export function invalidField(field: string, key: string, params?: MessageParams): Failure {
  return fail('invalid', 'error.validation', undefined, { errors: [{ field, key, ...(params ? { params } : {}) }] });
}

/** Thrown to leave a handler with a problem response; the error handler renders it. */
export class ProblemError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.key);
  }
}

/** Returns the value of a successful result, or throws its failure for the error handler. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ProblemError(result);
  return result.value;
}

export function raise(kind: ProblemKind, key: string, params?: MessageParams, extra: Partial<Failure> = {}): never {
  throw new ProblemError(fail(kind, key, params, extra));
}
