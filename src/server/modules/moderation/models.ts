import { newId, nowIso } from '../../platform/db/index.ts';
import { fail, ok, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { recordAudit } from './audit.ts';
import {
  Classifier, evaluate, examplesFromCsv, loadDefaultModel, trainModel, type Example, type SerializedModel,
} from './classifier/index.ts';
import { presentModel } from './presenter.ts';

/** The shipped model, listed beside trained ones so that it can be rolled back to. */
export const SHIPPED_ID = 'default';
const MIN_EXAMPLES = 10;

export class ModelService {
  private cached: { id: string; model: Classifier; at: number } | null = null;
  private training: Promise<unknown> | null = null;

  constructor(private readonly ctx: ModuleContext) {}

  /** The classifier in use: the active trained version, or the shipped one. */
  async active(): Promise<Classifier> {
    if (this.cached && Date.now() - this.cached.at < 30_000) return this.cached.model;
    const row = await this.ctx.db.selectFrom('moderation_models').select(['id', 'params']).where('active', '=', 1).executeTakeFirst();
    if (this.cached && row?.id === this.cached.id) {
      this.cached.at = Date.now();
      return this.cached.model;
    }
    const model = row ? Classifier.deserialize(JSON.parse(row.params) as SerializedModel) : loadDefaultModel();
    this.cached = { id: row?.id ?? SHIPPED_ID, model, at: Date.now() };
    return model;
  }

  async list() {
    const rows = await this.ctx.db.selectFrom('moderation_models').select(['id', 'version', 'metrics', 'active', 'note', 'created_at'])
      .orderBy('version', 'desc').limit(100).execute();
    const shipped = presentModel({
      id: SHIPPED_ID, version: 0, metrics: JSON.stringify({ trainedOn: 'COLD train split (see NOTICE)' }),
      active: rows.some((r) => Number(r.active) === 1) ? 0 : 1, note: 'shipped with Hearth', created_at: new Date(0).toISOString(),
    });
    return { items: [...rows.map(presentModel), shipped] };
  }

  async importExamples(actor: Actor, csv: string): Promise<number> {
    const examples = examplesFromCsv(csv);
    const now = nowIso();
    for (let i = 0; i < examples.length; i += 500) {
      await this.ctx.db.insertInto('moderation_examples')
        .values(examples.slice(i, i + 500).map((e) => ({ id: newId(), text: e.text, label: e.label, source: 'import' as const, created_at: now })))
        .execute();
    }
    await this.ctx.db.transaction().execute((trx) => recordAudit(trx, {
      actorId: actor.userId, action: 'model.examplesImported', targetType: 'model', targetId: '-', after: { count: examples.length },
    }));
    return examples.length;
  }

  /** Trains a new version from moderators' decisions and imported examples. Training yields
   * to the event loop between chunks, so the server keeps answering meanwhile. The new
   * version is stored inactive: an operator looks at its figures and activates it. */
  async retrain(actor: Actor, note: string): Promise<Result<ReturnType<typeof presentModel>>> {
    if (this.training) return fail('conflict', 'moderation.trainingBusy');
    const rows = await this.ctx.db.selectFrom('moderation_examples').select(['text', 'label']).orderBy('id').execute();
    const examples: Example[] = rows.map((r) => ({ text: r.text, label: Number(r.label) === 1 ? 1 : 0 }));
    const positives = examples.filter((e) => e.label === 1).length;
    if (examples.length < MIN_EXAMPLES || positives === 0 || positives === examples.length) {
      return fail('unprocessable', 'moderation.tooFewExamples', { min: MIN_EXAMPLES });
    }
    // Every fifth example is held out to report how the new version does on text it never saw.
    const heldOut = examples.filter((_, i) => i % 5 === 4);
    const job = (async () => {
      const probe = await trainModel(examples.filter((_, i) => i % 5 !== 4));
      const metrics = { examples: examples.length, heldOut: evaluate(probe, heldOut) };
      return { model: await trainModel(examples), metrics };
    })();
    this.training = job;
    try {
      const { model, metrics } = await job;
      const last = await this.ctx.db.selectFrom('moderation_models').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
      const row = {
        id: newId(), version: Number(last?.v ?? 0) + 1, params: JSON.stringify(model.serialize()), metrics: JSON.stringify(metrics),
        active: 0, note, created_by: actor.userId, created_at: nowIso(),
      };
      await this.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('moderation_models').values(row).execute();
        await recordAudit(trx, { actorId: actor.userId, action: 'model.trained', targetType: 'model', targetId: row.id, after: { version: row.version, metrics } });
      });
      return ok(presentModel(row));
    } finally {
      this.training = null;
    }
  }

  /** Makes a version (or the shipped model) the one in use; activating an older one is the rollback. */
  async activate(actor: Actor, id: string): Promise<Result<ReturnType<typeof presentModel>>> {
    const previous = await this.ctx.db.selectFrom('moderation_models').select(['id', 'version']).where('active', '=', 1).executeTakeFirst();
    if (id !== SHIPPED_ID) {
      const exists = await this.ctx.db.selectFrom('moderation_models').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) return fail('notFound', 'moderation.modelNotFound');
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('moderation_models').set({ active: 0 }).where('active', '=', 1).execute();
      if (id !== SHIPPED_ID) await trx.updateTable('moderation_models').set({ active: 1 }).where('id', '=', id).execute();
      await recordAudit(trx, { actorId: actor.userId, action: 'model.activated', targetType: 'model', targetId: id, before: { active: previous?.id ?? SHIPPED_ID }, after: { active: id } });
    });
    this.cached = null;
    const item = (await this.list()).items.find((m) => m.id === id);
    return item ? ok(item) : fail('notFound', 'moderation.modelNotFound');
  }
}
