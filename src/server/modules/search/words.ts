import { isUniqueViolation, nowIso } from '../../platform/db/index.ts';
import { fail, invalidField, ok, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { normalizeText, type Segmenter } from '../../platform/search/index.ts';
import type { CustomWord } from './schema.ts';

const wordRule = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC]{2,20}$/u;
export const MAX_WORDS = 5000;
/** Another instance may have changed the dictionary; it is re-read at most this often. */
const REFRESH_MS = 30_000;

/**
 * The site's own dictionary: words jieba should keep whole (product names, community slang).
 * Only Chinese and kana words matter: other scripts are split on spaces and punctuation, not
 * by jieba. New words apply to new indexing and to queries at once; items indexed earlier
 * keep their old segmentation until `hearth search reindex`.
 */
export class CustomWords {
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly ctx: ModuleContext, private readonly segmenter: Segmenter) {}

  /** Makes the segmenter ready, with the dictionary as stored (re-read now and then). */
  async ready(): Promise<Segmenter> {
    if (Date.now() - this.loadedAt > REFRESH_MS) {
      this.loading ??= this.load().finally(() => { this.loading = undefined; });
      await this.loading;
    }
    return this.segmenter;
  }

  private async load(): Promise<void> {
    const rows = await this.ctx.db.selectFrom('search_words').select('word').execute();
    await this.segmenter.setCustomWords(rows.map((r) => r.word));
    this.loadedAt = Date.now();
  }

  async list(): Promise<CustomWord[]> {
    const rows = await this.ctx.db.selectFrom('search_words').select(['word', 'created_at']).orderBy('word').execute();
    return rows.map((r) => ({ word: r.word, createdAt: r.created_at }));
  }

  async add(actor: Actor, input: string): Promise<Result<CustomWord>> {
    const word = normalizeText(input.trim());
    if (!wordRule.test(word)) return invalidField('word', 'search.wordRule');
    const { n } = await this.ctx.db.selectFrom('search_words').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_WORDS) return fail('unprocessable', 'search.tooManyWords', { limit: MAX_WORDS });
    const row = { word, created_by: actor.userId, created_at: nowIso() };
    try {
      await this.ctx.db.insertInto('search_words').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        return fail('conflict', 'search.wordExists', undefined, { errors: [{ field: 'word', key: 'search.wordExists' }] });
      }
      throw error;
    }
    await this.load();
    return ok({ word, createdAt: row.created_at });
  }

  async remove(input: string): Promise<Result<null>> {
    const word = normalizeText(input.trim());
    const result = await this.ctx.db.deleteFrom('search_words').where('word', '=', word).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return fail('notFound', 'search.wordNotFound');
    await this.load();
    return ok(null);
  }
}
