import { newId, nowIso, type DbHandle } from '../../platform/db/index.ts';
import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import type { TextCheck } from '../content/index.ts';
import { AuditService, recordAudit } from './audit.ts';
import { createProfileCheck, createTextCheck, type NewMemberPolicy } from './check.ts';
import { Classifier, loadDefaultModel, type SerializedModel, type Thresholds } from './classifier/index.ts';
import * as init from './migrations/20261126T0760_moderation_init.ts';
import * as sanctions from './migrations/20261127T0900_moderation_sanctions.ts';
import { ModelService } from './models.ts';
import { prepareNormalizer } from './normalize.ts';
import { QueueService } from './queue.ts';
import { ReportService, weightedReportPolicy, type ReportPolicy } from './reports.ts';
import { moderationRoutes } from './routes.ts';
import { ReasonService } from './sanctions.ts';
import { createSecondOpinion } from './second-opinion.ts';
import { createStandingCheck, type LevelSource } from './standing.ts';
import type { Decision, QueueSource, TargetType } from './tables.ts';
import { WordService } from './words.ts';
import './messages.ts';
import './tables.ts';

declare module '../../platform/bus/index.ts' {
  interface HearthEvents {
    /** A moderator decided about a member's content. Notifications tell the author (kind
     * 'moderation'): `note` is what they are told, `silencedUntil` is set for a silence, and
     * `appealable` says whether they may still appeal. */
    'moderation.decided': {
      itemId: string; targetType: TargetType; targetId: string; postId: string | null; authorId: string | null; action: Decision;
      source: QueueSource; decidedBy: string; decidedAt: string; note: string | null; reasonTitle: string | null;
      silencedUntil: string | null; appealable: boolean;
    };
    'moderation.hidden': { targetType: TargetType; targetId: string; authorId: string; source: QueueSource };
  }
}

export const moderationModule: ModuleDefinition = {
  name: 'moderation',
  migrations: { '20261126T0760_moderation_init': init, '20261127T0900_moderation_sanctions': sanctions },
};

export interface ModerationDeps {
  accounts: AccountsService;
  content: { registerTextCheck(check: TextCheck): void };
  /** The growth system (its `levelOf`): report weights and new members' limits follow levels. */
  growth?: LevelSource;
  /** Overrides the level- and accuracy-weighted reports. */
  reportPolicy?: ReportPolicy;
  newMembers?: NewMemberPolicy;
  thresholds?: Thresholds;
}

export function createModeration(ctx: ModuleContext, deps: ModerationDeps) {
  prepareNormalizer();
  const words = new WordService(ctx);
  const models = new ModelService(ctx);
  const queue = new QueueService(ctx);
  const reports = new ReportService(ctx, deps.reportPolicy ?? weightedReportPolicy(ctx.db, deps.growth));
  const audit = new AuditService(ctx);
  const reasons = new ReasonService(ctx);
  const standing = createStandingCheck({ ctx, limits: ctx.config.newMemberLimits, ...(deps.growth ? { levels: deps.growth } : {}) });
  deps.content.registerTextCheck(createTextCheck({
    ctx, words, models, standing, ...(deps.thresholds ? { thresholds: deps.thresholds } : {}), ...(deps.newMembers ? { newMembers: deps.newMembers } : {}),
    ...(ctx.config.moderationLlm ? { secondOpinion: createSecondOpinion(ctx.config.moderationLlm, ctx.log) } : {}),
  }));
  deps.accounts.checkProfileTexts(createProfileCheck(words));
  return { words, models, queue, reports, audit, reasons, routes: moderationRoutes({ words, queue, reports, audit, models, reasons }) };
}

export type { ReportPolicy } from './reports.ts';
export type { NewMemberPolicy } from './check.ts';
export type { LevelSource } from './standing.ts';
/** Training and evaluation, for the CLI and the evaluation script. */
export {
  evaluate, examplesFromCsv, readModelFile, writeModelFile, trainModel, loadDefaultModel, defaultModelFile, defaultThresholds,
} from './classifier/index.ts';
export { WordMatcher, type WordEntry } from './matcher.ts';
export { prepareNormalizer } from './normalize.ts';

/** For the CLI: the classifier the site uses (the active stored version, or the shipped one). */
export async function activeModelFromDb(handle: DbHandle) {
  try {
    const row = await handle.db.selectFrom('moderation_models').select('params').where('active', '=', 1).executeTakeFirst();
    return row ? Classifier.deserialize(JSON.parse(row.params) as SerializedModel) : loadDefaultModel();
  } finally {
    await handle.close();
  }
}

/** For the CLI: stores a trained classifier as the next version. */
export async function storeModelVersion(handle: DbHandle, model: Classifier, metrics: object, activate: boolean): Promise<number> {
  try {
    return await handle.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('moderation_models').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      if (activate) await trx.updateTable('moderation_models').set({ active: 0 }).where('active', '=', 1).execute();
      const id = newId();
      await trx.insertInto('moderation_models').values({
        id, version, params: JSON.stringify(model.serialize()), metrics: JSON.stringify(metrics), active: activate ? 1 : 0,
        note: 'trained with hearth moderation train', created_by: null, created_at: nowIso(),
      }).execute();
      await recordAudit(trx, { actorId: null, action: 'model.trained', targetType: 'model', targetId: id, after: { version, metrics, activate } });
      return version;
    });
  } finally {
    await handle.close();
  }
}
