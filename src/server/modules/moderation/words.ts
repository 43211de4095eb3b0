import { isUniqueViolation, newId, nowIso } from '../../platform/db/index.ts';
import { decodeCursor, fail, invalidField, ok, splitPage, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { recordAudit } from './audit.ts';
import { parseCsvRecords, toCsv } from './classifier/index.ts';
import { WordMatcher, type WordAction } from './matcher.ts';
import { toMatchText } from './normalize.ts';
import { presentWord } from './presenter.ts';

export const wordActions: WordAction[] = ['block', 'review', 'replace', 'flag', 'allow'];

export interface WordInput {
  pattern: string;
  action: WordAction;
  category: string;
}

/** Another process may have changed the list: a cached automaton is trusted this long. */
const MATCHER_TTL_MS = 30_000;

export class WordService {
  private cached: { matcher: WordMatcher; at: number } | null = null;

  constructor(private readonly ctx: ModuleContext) {}

  async matcher(): Promise<WordMatcher> {
    if (this.cached && Date.now() - this.cached.at < MATCHER_TTL_MS) return this.cached.matcher;
    const rows = await this.ctx.db.selectFrom('moderation_words').select(['id', 'pattern', 'action', 'category']).execute();
    this.cached = { matcher: new WordMatcher(rows), at: Date.now() };
    return this.cached.matcher;
  }

  async list(limit: number, cursor: string | undefined) {
    const after = decodeCursor(cursor, ['string']);
    let q = this.ctx.db.selectFrom('moderation_words').selectAll();
    if (after) q = q.where('id', '>', after[0]);
    const rows = await q.orderBy('id', 'asc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.id]);
    return { items: pageRows.map(presentWord), nextCursor };
  }

  async add(actor: Actor | null, input: WordInput): Promise<Result<ReturnType<typeof presentWord>>> {
    const pattern = input.pattern.trim();
    const category = input.category.trim();
    const normalized = toMatchText(pattern).text;
    if (!normalized) return invalidField('pattern', 'moderation.emptyPattern');
    if (!category) return invalidField('category', 'field.required');
    if (!wordActions.includes(input.action)) return invalidField('action', 'field.invalid');
    const row = { id: newId(), pattern, normalized, action: input.action, category, created_by: actor?.userId ?? null, created_at: nowIso() };
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('moderation_words').values(row).execute();
        await recordAudit(trx, { actorId: actor?.userId ?? null, action: 'word.add', targetType: 'word', targetId: row.id, after: presentWord(row) });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return fail('conflict', 'moderation.wordExists', undefined, { errors: [{ field: 'pattern', key: 'moderation.wordExists' }] });
      throw error;
    }
    this.cached = null;
    return ok(presentWord(row));
  }

  async remove(actor: Actor, id: string): Promise<Result<null>> {
    const row = await this.ctx.db.selectFrom('moderation_words').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return fail('notFound', 'moderation.wordNotFound');
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('moderation_words').where('id', '=', id).execute();
      await recordAudit(trx, { actorId: actor.userId, action: 'word.remove', targetType: 'word', targetId: id, before: presentWord(row) });
    });
    this.cached = null;
    return ok(null);
  }

  /** Imports `pattern,action,category` rows; rows already listed or malformed are skipped. */
  async importCsv(actor: Actor, csv: string): Promise<{ imported: number; skipped: number }> {
    let imported = 0;
    let skipped = 0;
    for (const r of parseCsvRecords(csv)) {
      const action = (r.action ?? '').trim() as WordAction;
      const result = wordActions.includes(action)
        ? await this.add(actor, { pattern: r.pattern ?? '', action, category: r.category ?? '' })
        : null;
      if (result?.ok) imported++;
      else skipped++;
    }
    return { imported, skipped };
  }

  async exportCsv(): Promise<string> {
    const rows = await this.ctx.db.selectFrom('moderation_words').select(['pattern', 'action', 'category']).orderBy('id').execute();
    return toCsv(['pattern', 'action', 'category'], rows.map((r) => [r.pattern, r.action, r.category]));
  }
}
