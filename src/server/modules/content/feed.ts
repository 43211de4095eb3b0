import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import { decodeCursor, fail, ok, splitPage, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { listColumns, type PostService } from './posts.ts';
import type { PostListRow } from './presenter.ts';
import { cleanTag } from './tags.ts';
import type { ListPostsQuery, PostListItem } from './schema.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PostListSort = 'latest' | 'hot' | 'top';

export interface PostListFilter {
  categoryId?: string;
  authorId?: string;
  tagId?: string;
  /** Only posts by members this member follows. */
  followerId?: string;
}

/** Where the previous page ended: the last row's id, after its sort key for hot and top. */
export type PostListAfter = [id: string] | [key: number, id: string];

const sortColumn = { hot: 'hot_score', top: 'like_count' } as const;

/**
 * One page of a post list, `limit + 1` rows so the caller can tell whether more follow. Each
 * sort has a (filter, status, sort key, id) index, and the cursor is a row-value comparison on
 * that key, so a page is one index range scan however deep the reader pages.
 */
export function postListQuery(db: Kysely<Database>, sort: PostListSort, filter: PostListFilter, after: PostListAfter | null, limit: number) {
  let q = db.selectFrom('posts').select(listColumns.map((c) => `posts.${c}` as const)).where('posts.status', '=', 'published');
  if (filter.categoryId) q = q.where('posts.category_id', '=', filter.categoryId);
  if (filter.authorId) q = q.where('posts.author_id', '=', filter.authorId);
  if (filter.followerId) {
    const followerId = filter.followerId;
    q = q.where('posts.author_id', 'in', (eb) => eb.selectFrom('follows').select('followee_id').where('follower_id', '=', followerId));
  }
  if (filter.tagId) q = q.innerJoin('post_tags', 'post_tags.post_id', 'posts.id').where('post_tags.tag_id', '=', filter.tagId);
  if (sort === 'latest') {
    if (after) q = q.where('posts.id', '<', after[after.length - 1] as string);
    return q.orderBy('posts.id', 'desc').limit(limit + 1);
  }
  const column = `posts.${sortColumn[sort]}` as const;
  if (after) q = q.where((eb) => eb(eb.refTuple(column, 'posts.id'), '<', eb.tuple(after[0] as number, after[1] as string)));
  return q.orderBy(column, 'desc').orderBy('posts.id', 'desc').limit(limit + 1);
}

export class FeedService {
  constructor(
    private readonly ctx: ModuleContext,
    private readonly accounts: AccountsService,
    private readonly posts: PostService,
  ) {}

  async list(query: ListPostsQuery, viewerId?: string): Promise<Result<Page<PostListItem>>> {
    const sort = query.sort ?? 'latest';
    const limit = query.limit ?? 20;
    const db = this.ctx.db;
    const after: PostListAfter | null = sort === 'latest' ? decodeCursor(query.cursor, ['string']) : decodeCursor(query.cursor, ['number', 'string']);
    // Like counts are integers: any other number would make PostgreSQL fail the comparison.
    if (after && sort === 'top' && !Number.isSafeInteger(after[0])) return fail('invalid', 'error.invalidCursor');

    const filter: PostListFilter = {};
    if (query.following) {
      if (!viewerId) return fail('unauthorized', 'error.signInRequired');
      filter.followerId = viewerId;
    }
    if (query.category) {
      const category = await db.selectFrom('categories').select('id')
        .where((eb) => eb.or([eb('id', '=', query.category!), eb('slug', '=', query.category!.toLowerCase())])).executeTakeFirst();
      if (!category) return fail('notFound', 'content.categoryNotFound');
      filter.categoryId = category.id;
    }
    if (query.author) {
      const author = await this.accounts.findByUsername(query.author);
      if (!author) return fail('notFound', 'accounts.userNotFound');
      filter.authorId = author.id;
    }
    if (query.tag) {
      const tag = await db.selectFrom('tags').select('id').where('slug', '=', cleanTag(query.tag).toLowerCase()).executeTakeFirst();
      if (!tag) return ok({ items: [], nextCursor: null });
      filter.tagId = tag.id;
    }

    const rows: PostListRow[] = await postListQuery(db, sort, filter, after, limit).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => (sort === 'latest' ? [r.id] : [r[sortColumn[sort]], r.id]));
    return ok({ items: await this.posts.presentList(pageRows), nextCursor });
  }
}
