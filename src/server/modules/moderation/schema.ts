import { Type } from '@sinclair/typebox';
import { Id, IsoTime } from '../../platform/http/index.ts';

export const TargetTypeSchema = Type.Union([Type.Literal('post'), Type.Literal('comment'), Type.Literal('message'), Type.Literal('user')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const WordSchema = Type.Object({
  id: Id,
  pattern: Type.String(),
  action: Type.Union(['block', 'review', 'replace', 'flag', 'allow'].map((a) => Type.Literal(a))),
  category: Type.String(),
  createdAt: IsoTime,
});

export const WordBody = Type.Object({
  pattern: Type.String({ minLength: 1, maxLength: 100 }),
  action: Type.Union([Type.Literal('block'), Type.Literal('review'), Type.Literal('replace'), Type.Literal('flag'), Type.Literal('allow')]),
  category: Type.String({ minLength: 1, maxLength: 64 }),
});

export const CsvBody = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 900_000 }) });

export const QueueItemSchema = Type.Object({
  id: Id,
  targetType: TargetTypeSchema,
  targetId: Type.String(),
  authorId: Nullable(Type.String()),
  source: Type.String(),
  reason: Type.String(),
  score: Type.Number(),
  excerpt: Type.String(),
  held: Type.Boolean(),
  status: Type.String(),
  decision: Nullable(Type.String()),
  note: Nullable(Type.String()),
  appealed: Type.Boolean(),
  createdAt: IsoTime,
  decidedAt: Nullable(IsoTime),
  waitingSeconds: Type.Integer(),
  authorHistory: Type.Optional(Type.Object({ decided: Type.Integer(), rejected: Type.Integer() })),
});

const DecisionFields = {
  action: Type.Union(['approve', 'reject', 'delete', 'warn', 'silence'].map((a) => Type.Literal(a as 'approve' | 'reject' | 'delete' | 'warn' | 'silence'))),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  /** A reason template (GET /moderation/reasons); its text is sent to the author. */
  reasonId: Type.Optional(Id),
  /** For `silence`: how long the member cannot post or comment (default 24 hours). */
  silenceHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 365 })),
};

export const DecisionBody = Type.Object(DecisionFields);

export const BulkDecisionBody = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 100 }), ...DecisionFields });

export const ReasonBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  body: Type.String({ minLength: 1, maxLength: 2000 }),
});

export const ReasonSchema = Type.Object({ id: Id, title: Type.String(), body: Type.String(), createdAt: IsoTime });

export const QueueQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('decided')])),
  source: Type.Optional(Type.Union([Type.Literal('word'), Type.Literal('classifier'), Type.Literal('report'), Type.Literal('new_member')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const ReportBody = Type.Object({
  targetType: TargetTypeSchema,
  targetId: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
});

export const ReportSchema = Type.Object({ id: Id, targetType: TargetTypeSchema, targetId: Type.String(), reason: Type.String(), createdAt: IsoTime });

export const AppealBody = Type.Object({
  targetType: TargetTypeSchema,
  targetId: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
});

export const AuditSchema = Type.Object({
  id: Id, actorId: Nullable(Type.String()), action: Type.String(), targetType: Type.String(), targetId: Type.String(),
  before: Type.Unknown(), after: Type.Unknown(), note: Nullable(Type.String()), createdAt: IsoTime,
});

export const AuditQuery = Type.Object({
  actorId: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  targetType: Type.Optional(Type.String({ maxLength: 16 })),
  targetId: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const ModelSchema = Type.Object({
  id: Type.String(), version: Type.Integer(), active: Type.Boolean(), metrics: Type.Unknown(), note: Type.String(), createdAt: IsoTime,
});

export const ModelsBody = Type.Object({
  action: Type.Literal('retrain'),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const MetricsSchema = Type.Object({
  queueLength: Type.Integer(),
  openBySource: Type.Record(Type.String(), Type.Integer()),
  oldestWaitingSeconds: Nullable(Type.Integer()),
  medianSecondsToDecision: Nullable(Type.Number()),
  automaticHolds: Type.Integer(),
  overturnedShare: Nullable(Type.Number()),
});

export const IdParams = Type.Object({ id: Id });
