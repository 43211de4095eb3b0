import { recordActivity } from '../../platform/activity/index.ts';
import { isUniqueViolation, newId, nowIso } from '../../platform/db/index.ts';
import { fail, ok, type Actor, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { presentCategory } from './presenter.ts';
import type { Category } from './schema.ts';

export class CategoryService {
  constructor(private readonly ctx: ModuleContext) {}

  async list(): Promise<Category[]> {
    const rows = await this.ctx.db.selectFrom('categories').selectAll().orderBy('position').orderBy('created_at').execute();
    return rows.map(presentCategory);
  }

  /** Finds a category by id or by slug (clients may send either). */
  find(idOrSlug: string) {
    return this.ctx.db.selectFrom('categories').selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug.toLowerCase())]))
      .executeTakeFirst();
  }

  async create(actor: Actor, input: { slug: string; name: string; description?: string }): Promise<Result<Category>> {
    const name = input.name.trim();
    if (!name) return fail('invalid', 'error.validation', undefined, { errors: [{ field: 'name', key: 'field.required' }] });
    const count = await this.ctx.db.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const row = {
      id: newId(), slug: input.slug, name, description: input.description?.trim() ?? '',
      position: Number(count.n), post_count: 0, created_at: nowIso(),
    };
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('categories').values(row).execute();
        await recordActivity(trx, { actorId: actor.userId, verb: 'content.category.created', subjectType: 'category', subjectId: row.id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return fail('conflict', 'content.categorySlugTaken', undefined, { errors: [{ field: 'slug', key: 'content.categorySlugTaken' }] });
      throw error;
    }
    return ok(presentCategory(row));
  }
}
