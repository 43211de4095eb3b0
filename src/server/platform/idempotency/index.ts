/**
 * Idempotency-Key for unsafe requests (RELIABILITY.md: "idempotency keys claimed by a unique
 * insert in the same transaction, the first response stored and replayed").
 *
 * A request with the header runs its effect inside one transaction that first inserts the
 * (user, key) row. A concurrent duplicate's insert hits the unique index: on PostgreSQL it
 * waits until the first transaction commits, on SQLite transactions are serialised anyway;
 * either way the duplicate then fails, rolls back, reads the stored response and replays it.
 * A business refusal (ProblemError) is stored as well: the effect is rolled back to a
 * savepoint, so the same key always answers the same thing.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { columnTypes, isUniqueViolation, nowIso, type Database, type Db, type ModuleMigrations } from '../db/index.ts';
import { ProblemError, raise, registerMessages, sendProblem } from '../http/index.ts';

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  /** Method and route pattern: one key never crosses routes. */
  route: string;
  request_hash: string;
  status: number;
  response: string;
  created_at: string;
}

declare module '../db/index.ts' {
  interface Database {
    idempotency_keys: IdempotencyKeysTable;
  }
}

export const idempotencyMigrations: ModuleMigrations = {
  '20261126T0705_platform_idempotency': {
    async up(db, dialect) {
      const t = columnTypes(dialect);
      await db.schema.createTable('idempotency_keys')
        .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
        .addColumn('key', 'varchar(255)', (c) => c.notNull())
        .addColumn('route', 'varchar(255)', (c) => c.notNull())
        .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
    },
  },
};

registerMessages({
  'zh-CN': {
    'idempotency.keyRule': 'Idempotency-Key 须为 1–255 个可见 ASCII 字符',
    'idempotency.keyReused': '该 Idempotency-Key 已用于另一个请求',
  },
  en: {
    'idempotency.keyRule': 'Idempotency-Key must be 1–255 visible ASCII characters',
    'idempotency.keyReused': 'This Idempotency-Key was already used for a different request',
  },
});

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** What an effect answers: the status and the JSON body to send (and to replay). */
export interface EffectResult {
  status: number;
  body: unknown;
}

export type AfterCommit = (fn: () => void) => void;
export type Effect = (trx: Kysely<Database>, afterCommit: AfterCommit) => Promise<EffectResult>;

/** JSON with sorted keys, so the same body written in another key order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(canonical({ params: request.params ?? null, query: request.query ?? null, body: request.body ?? null }))
    .digest('hex');
}

const KEY = /^[\x21-\x7e]{1,255}$/;

class Replay extends Error {}

/**
 * Runs an unsafe route's effect in one transaction, honouring Idempotency-Key when the client
 * sends one. Every unsafe route of a module that spends or earns goes through here, so the
 * effect always sees a transaction and publishes events only after commit.
 */
export async function idempotent(db: Db, request: FastifyRequest, reply: FastifyReply, effect: Effect): Promise<FastifyReply> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  const after: (() => void)[] = [];
  const afterCommit: AfterCommit = (fn) => { after.push(fn); };

  if (key === undefined) {
    const result = await db.transaction().execute((trx) => effect(trx, afterCommit));
    for (const fn of after) fn();
    return reply.code(result.status).send(result.body);
  }
  if (!KEY.test(key)) raise('invalid', 'idempotency.keyRule');
  const userId = request.actor?.userId ?? '';
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const hash = requestHash(request);

  let stored: EffectResult | null = null;
  try {
    stored = await db.transaction().execute(async (trx) => {
      try {
        await trx.insertInto('idempotency_keys').values({
          user_id: userId, key, route, request_hash: hash, status: 0, response: '', created_at: nowIso(),
        }).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new Replay();
        throw error;
      }
      await sql`savepoint idem_effect`.execute(trx);
      let result: EffectResult;
      try {
        result = await effect(trx, afterCommit);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        await sql`rollback to savepoint idem_effect`.execute(trx);
        after.length = 0;
        const failure = error.failure;
        // Rendered once, the same way the error handler would, then stored as the answer.
        result = { status: -1, body: failure };
      }
      const body = result.status === -1 ? problemBody(request, result.body as ProblemError['failure']) : result;
      await trx.updateTable('idempotency_keys')
        .set({ status: body.status, response: JSON.stringify(body.body) })
        .where('user_id', '=', userId).where('key', '=', key)
        .execute();
      return body;
    });
  } catch (error) {
    if (!(error instanceof Replay)) throw error;
  }
  if (stored) {
    for (const fn of after) fn();
    return send(reply, stored);
  }
  const row = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  if (!row || row.route !== route || row.request_hash !== hash) raise('unprocessable', 'idempotency.keyReused');
  reply.header('idempotent-replayed', 'true');
  return send(reply, { status: row.status, body: JSON.parse(row.response) });
}

function send(reply: FastifyReply, result: EffectResult): FastifyReply {
  if (result.status >= 400) {
    return reply.code(result.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(result.body);
  }
  return reply.code(result.status).send(result.body);
}

/** The problem+json body the error handler would write, captured so it can be stored. */
function problemBody(request: FastifyRequest, failure: ProblemError['failure']): EffectResult {
  let captured: EffectResult = { status: 500, body: null };
  const fake = {
    header: () => fake,
    code(status: number) { captured = { ...captured, status }; return fake; },
    type: () => fake,
    serializer: () => fake,
    send(body: unknown) { captured = { ...captured, body }; return fake; },
  };
  sendProblem(fake as unknown as FastifyReply, request.lang, failure);
  return captured;
}
