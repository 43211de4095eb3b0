import { Type } from '@sinclair/typebox';
import { NoContent, Page, PageQuery, responses, unwrap, type RouteRateLimit } from '../../platform/http/index.ts';
import type { Routes } from '../../platform/module.ts';
import type { AuditService } from './audit.ts';
import type { ModelService } from './models.ts';
import type { QueueService } from './queue.ts';
import type { ReportService } from './reports.ts';
import {
  AppealBody, AuditQuery, AuditSchema, BulkDecisionBody, CsvBody, DecisionBody, IdParams, MetricsSchema, ModelSchema, ModelsBody,
  QueueItemSchema, QueueQuery, ReasonBody, ReasonSchema, ReportBody, ReportSchema, WordBody, WordSchema,
} from './schema.ts';
import type { ReasonService } from './sanctions.ts';
import type { WordService } from './words.ts';

const reportingLimit: RouteRateLimit = { bucket: 'reports', max: 20, windowSec: 600, per: 'user', staffExempt: true };

export interface ModerationServices {
  words: WordService;
  queue: QueueService;
  reports: ReportService;
  audit: AuditService;
  models: ModelService;
  reasons: ReasonService;
}

export function moderationRoutes(s: ModerationServices): Routes {
  return async (app) => {
    const tags = ['moderation'];
    const staff = { auth: 'user' as const, permission: 'moderation.review' as const };

    app.get('/moderation/words', {
      config: staff,
      schema: { tags, summary: 'Sensitive words', querystring: Type.Object({ ...PageQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }), response: responses({ 200: Page(WordSchema) }) },
    }, async (request) => s.words.list(request.query.limit ?? 100, request.query.cursor));

    app.post('/moderation/words', {
      config: staff,
      schema: { tags, summary: 'Add a sensitive word', body: WordBody, response: responses({ 201: Type.Object({ word: WordSchema }) }) },
    }, async (request, reply) => reply.code(201).send({ word: unwrap(await s.words.add(request.actor!, request.body)) }));

    app.delete('/moderation/words/:id', {
      config: staff,
      schema: { tags, summary: 'Remove a sensitive word', params: IdParams, response: responses({ 204: NoContent }) },
    }, async (request, reply) => {
      unwrap(await s.words.remove(request.actor!, request.params.id));
      return reply.code(204).send(null);
    });

    app.get('/moderation/words/export', {
      config: staff,
      schema: { tags, summary: 'Export the word list as CSV (pattern,action,category)', response: responses({ 200: Type.Object({ csv: Type.String() }) }) },
    }, async () => ({ csv: await s.words.exportCsv() }));

    app.post('/moderation/words/import', {
      config: staff,
      schema: { tags, summary: 'Import words from CSV (pattern,action,category)', body: CsvBody, response: responses({ 200: Type.Object({ imported: Type.Integer(), skipped: Type.Integer() }) }) },
    }, async (request) => s.words.importCsv(request.actor!, request.body.csv));

    app.get('/moderation/queue', {
      config: staff,
      schema: { tags, summary: 'The review queue, oldest first', querystring: QueueQuery, response: responses({ 200: Page(QueueItemSchema) }) },
    }, async (request) => s.queue.list(request.query));

    app.post('/moderation/queue/:id/decision', {
      config: staff,
      schema: { tags, summary: 'Decide a queue item', params: IdParams, body: DecisionBody, response: responses({ 200: Type.Object({ item: QueueItemSchema }) }) },
    }, async (request) => ({ item: unwrap(await s.queue.decide(request.actor!, request.params.id, request.body)) }));

    app.post('/moderation/queue/decisions', {
      config: staff,
      schema: {
        tags, summary: 'Decide several queue items at once', body: BulkDecisionBody,
        response: responses({ 200: Type.Object({ decided: Type.Array(Type.String()), skipped: Type.Array(Type.String()) }) }),
      },
    }, async (request) => {
      const decided: string[] = [];
      const skipped: string[] = [];
      for (const id of request.body.ids) {
        const { ids: _ids, ...decision } = request.body;
        const r = await s.queue.decide(request.actor!, id, decision);
        (r.ok ? decided : skipped).push(id);
      }
      return { decided, skipped };
    });

    app.get('/moderation/reasons', {
      config: staff,
      schema: { tags, summary: 'Reason templates for decisions', response: responses({ 200: Type.Object({ items: Type.Array(ReasonSchema) }) }) },
    }, async () => s.reasons.list());

    app.post('/moderation/reasons', {
      config: staff,
      schema: { tags, summary: 'Add a reason template', body: ReasonBody, response: responses({ 201: Type.Object({ reason: ReasonSchema }) }) },
    }, async (request, reply) => reply.code(201).send({ reason: unwrap(await s.reasons.add(request.actor!, request.body)) }));

    app.delete('/moderation/reasons/:id', {
      config: staff,
      schema: { tags, summary: 'Remove a reason template', params: IdParams, response: responses({ 204: NoContent }) },
    }, async (request, reply) => {
      unwrap(await s.reasons.remove(request.actor!, request.params.id));
      return reply.code(204).send(null);
    });

    app.get('/moderation/metrics', {
      config: staff,
      schema: { tags, summary: 'Queue length, time to decision, overturned automatic actions', response: responses({ 200: MetricsSchema }) },
    }, async () => s.queue.metrics());

    app.get('/moderation/audit', {
      config: staff,
      schema: { tags, summary: 'Audit log of moderation actions, newest first', querystring: AuditQuery, response: responses({ 200: Page(AuditSchema) }) },
    }, async (request) => s.audit.list(request.query));

    app.get('/moderation/models', {
      config: staff,
      schema: { tags, summary: 'Classifier versions', response: responses({ 200: Type.Object({ items: Type.Array(ModelSchema) }) }) },
    }, async () => s.models.list());

    app.post('/moderation/models', {
      config: staff,
      schema: { tags, summary: 'Retrain from decisions and imported examples (stored inactive)', body: ModelsBody, response: responses({ 201: Type.Object({ model: ModelSchema }) }) },
    }, async (request, reply) => reply.code(201).send({ model: unwrap(await s.models.retrain(request.actor!, request.body.note ?? '')) }));

    app.post('/moderation/models/:id/activate', {
      config: staff,
      schema: { tags, summary: 'Use this classifier version (also the rollback)', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: responses({ 200: Type.Object({ model: ModelSchema }) }) },
    }, async (request) => ({ model: unwrap(await s.models.activate(request.actor!, request.params.id)) }));

    app.post('/moderation/examples/import', {
      config: staff,
      schema: { tags, summary: 'Import labelled examples (CSV with TEXT and label columns)', body: CsvBody, response: responses({ 200: Type.Object({ imported: Type.Integer() }) }) },
    }, async (request) => ({ imported: await s.models.importExamples(request.actor!, request.body.csv) }));

    app.post('/reports', {
      config: { auth: 'user', rateLimit: reportingLimit },
      schema: { tags, summary: 'Report a post, comment, message or member', body: ReportBody, response: responses({ 200: Type.Object({ report: ReportSchema }), 201: Type.Object({ report: ReportSchema }) }) },
    }, async (request, reply) => {
      const { report, created } = unwrap(await s.reports.report(request.actor!, request.body));
      return reply.code(created ? 201 : 200).send({ report });
    });

    app.post('/moderation/appeals', {
      config: { auth: 'user' },
      schema: { tags, summary: 'Appeal a decision about your content (once)', body: AppealBody, response: responses({ 201: Type.Object({ item: QueueItemSchema }) }) },
    }, async (request, reply) => reply.code(201).send({ item: unwrap(await s.queue.appeal(request.actor!, request.body)) }));
  };
}
