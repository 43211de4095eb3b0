import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translate, type Lang } from './i18n.ts';
import { ProblemError, problemStatus, type Failure, type FieldError, type ProblemKind } from './problem.ts';

const titleKey: Record<ProblemKind | 'internal', string> = {
  invalid: 'problem.badRequest',
  unauthorized: 'problem.unauthorized',
  forbidden: 'problem.forbidden',
  notFound: 'problem.notFound',
  conflict: 'problem.conflict',
  tooLarge: 'problem.tooLarge',
  unsupportedMedia: 'problem.unsupportedMedia',
  unprocessable: 'problem.unprocessable',
  tooMany: 'problem.tooMany',
  unavailable: 'problem.unavailable',
  internal: 'problem.internal',
};

export function sendProblem(reply: FastifyReply, lang: Lang, failure: Omit<Failure, 'ok'>): FastifyReply {
  const status = problemStatus[failure.kind];
  const body: Record<string, unknown> = {
    type: `about:blank`,
    title: translate(lang, titleKey[failure.kind]),
    status,
    detail: translate(lang, failure.key, failure.params),
  };
  if (failure.errors?.length) {
    body.errors = failure.errors.map((e) => ({ field: e.field, message: translate(lang, e.key, e.params) }));
  }
  if (failure.retryAfterSec !== undefined) reply.header('retry-after', String(failure.retryAfterSec));
  return reply.code(status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns Ajv's validation errors into translated field errors. */
function fieldErrors(validation: AjvError[], context: string | undefined): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of validation) {
    const pathField = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field = e.keyword === 'required'
      ? [pathField, String(e.params.missingProperty)].filter(Boolean).join('.')
      : pathField || context || 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    const limit = e.params.limit as number | undefined;
    switch (e.keyword) {
      case 'required': out.push({ field, key: 'field.required' }); break;
      case 'minLength': out.push({ field, key: limit === 1 ? 'field.required' : 'field.tooShort', params: { limit: limit ?? 0 } }); break;
      case 'maxLength': out.push({ field, key: 'field.tooLong', params: { limit: limit ?? 0 } }); break;
      case 'minimum': out.push({ field, key: 'field.tooSmall', params: { limit: limit ?? 0 } }); break;
      case 'maximum': out.push({ field, key: 'field.tooBig', params: { limit: limit ?? 0 } }); break;
      case 'maxItems': out.push({ field, key: 'field.tooManyItems', params: { limit: limit ?? 0 } }); break;
      case 'format': out.push({ field, key: e.params.format === 'email' ? 'field.email' : 'field.format' }); break;
      case 'type': out.push({ field, key: 'field.type' }); break;
      case 'pattern': out.push({ field, key: 'field.pattern' }); break;
      case 'enum': out.push({ field, key: 'field.enum', params: { values: ((e.params.allowedValues as unknown[]) ?? []).join(', ') } }); break;
      default: out.push({ field, key: 'field.invalid' });
    }
  }
  return out;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const lang = request.lang ?? 'zh-CN';
    if (error instanceof ProblemError) return sendProblem(reply, lang, error.failure);
    if (error.validation) {
      return sendProblem(reply, lang, {
        kind: 'invalid',
        key: 'error.validation',
        errors: fieldErrors(error.validation as unknown as AjvError[], error.validationContext),
      });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, lang, { kind: 'invalid', key: 'error.invalidJson' });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, lang, { kind: 'tooLarge', key: 'error.bodyTooLarge' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, lang, { kind: 'unsupportedMedia', key: 'error.unsupportedMedia' });
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Any other client error raised by Fastify or a plugin (bad URL encoding, bad header…).
      const kind = (Object.entries(problemStatus).find(([, s]) => s === error.statusCode)?.[0] ?? 'invalid') as ProblemKind;
      return sendProblem(reply, lang, { kind, key: kind === 'invalid' ? 'problem.badRequest' : titleKey[kind] });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendProblem(reply, lang, { kind: 'unavailable', key: 'error.databaseUnavailable', retryAfterSec: 5 });
    }
    request.log.error({ err: error }, 'unhandled error');
    reply.code(500).type('application/problem+json; charset=utf-8').serializer(JSON.stringify);
    return reply.send({
      type: 'about:blank',
      title: translate(lang, 'problem.internal'),
      status: 500,
      detail: translate(lang, 'error.internal'),
    });
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, request.lang ?? 'zh-CN', { kind: 'notFound', key: 'error.routeNotFound' }));
}

const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE',
  '57P01', '57P02', '57P03', // PostgreSQL shutting down / cannot connect now
  '08000', '08001', '08003', '08006', // PostgreSQL connection exceptions
  'SQLITE_BUSY', 'SQLITE_LOCKED',
]);

/** The database is down or overloaded: the client should retry, not see a 500. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && unavailableCodes.has(e.code)) return true;
  return typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(e.message);
}
