import { decodeCursor, fail, ok, splitPage, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { listColumns, type PostService } from './posts.ts';
import type { PostListRow } from './presenter.ts';
import type { ListPostsQuery, PostListItem } from './schema.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Post lists with keyset pagination. Each sort has a (filter, sort key, id) index, so a page
 * is one index range scan however deep the reader pages. Cursors carry the last sort key.
 */
export class FeedService {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly accounts: AccountsService,
    private readonly posts: PostService,
  ) {}

  async list(query: ListPostsQuery): Promise<Result<Page<PostListItem>>> {
    const sort = query.sort ?? 'latest';
    const limit = query.limit ?? 20;
    const db = this.ctx.db;
    let q = db.selectFrom('posts').select(listColumns.map((c) => `posts.${c}` as const)).where('posts.status', '=', 'published');

    if (query.category) {
      const category = await db.selectFrom('categories').select('id')
        .where((eb) => eb.or([eb('id', '=', query.category!), eb('slug', '=', query.category!.toLowerCase())])).executeTakeFirst();
      if (!category) return fail('notFound', 'content.categoryNotFound');
      q = q.where('posts.category_id', '=', category.id);
    }
    if (query.author) {
      const author = await this.accounts.findByUsername(query.author);
      if (!author) return fail('notFound', 'accounts.userNotFound');
      q = q.where('posts.author_id', '=', author.id);
    }
    if (query.tag) {
      const tag = await db.selectFrom('tags').select('id').where('slug', '=', query.tag.normalize('NFKC').trim().replace(/^#+/, '').toLowerCase()).executeTakeFirst();
      if (!tag) return ok({ items: [], nextCursor: null });
      q = q.innerJoin('post_tags', 'post_tags.post_id', 'posts.id').where('post_tags.tag_id', '=', tag.id);
    }

    let rows: PostListRow[];
    if (sort === 'latest') {
      const cursor = decodeCursor(query.cursor, ['string']);
      if (cursor) q = q.where('posts.id', '<', cursor[0]);
      rows = await q.orderBy('posts.id', 'desc').limit(limit + 1).execute();
      return this.page(rows, limit, (r) => [r.id]);
    }
    const column = sort === 'hot' ? 'hot_score' : 'like_count';
    const cursor = decodeCursor(query.cursor, ['number', 'string']);
    if (cursor) {
      const [value, id] = cursor;
      q = q.where((eb) => eb.or([
        eb(`posts.${column}`, '<', value),
        eb.and([eb(`posts.${column}`, '=', value), eb('posts.id', '<', id)]),
      ]));
    }
    rows = await q.orderBy(`posts.${column}`, 'desc').orderBy('posts.id', 'desc').limit(limit + 1).execute();
    return this.page(rows, limit, (r) => [r[column], r.id]);
  }

  private async page(rows: PostListRow[], limit: number, cursorOf: (row: PostListRow) => (string | number)[]): Promise<Result<Page<PostListItem>>> {
    const { pageRows, nextCursor } = splitPage(rows, limit, cursorOf);
    return ok({ items: await this.posts.presentList(pageRows), nextCursor });
  }
}
