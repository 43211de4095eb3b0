import { decodeCursor, encodeCursor, invalidField, ok, raise, type Result } from '../../platform/http/index.ts';
import { markdownToText } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { makeSnippet, type DocRef, type SearchPosition, type SearchStore } from '../../platform/search/index.ts';
import type { SearchQuery, SearchResult } from './schema.ts';
import type { CustomWords } from './words.ts';

export interface SearchPage {
  items: SearchResult[];
  nextCursor: string | null;
}

/** The cursor is [tier, before, band low, band top], the band -1 when still to be chosen. */
function positionOf(cursor: string | undefined): SearchPosition | null {
  const at = decodeCursor(cursor, ['number', 'number', 'number', 'number'] as const);
  if (!at) return null;
  const [tier, before, low, top] = at;
  const band = low === -1 && top === -1 ? null : { low, top };
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if ((tier !== 0 && tier !== 1) || !whole(before) || (band && !(whole(band.low) && band.low < band.top && before <= band.top))) {
    return raise('invalid', 'error.invalidCursor');
  }
  return { tier, before, band };
}

/** A result as loaded, its plain text still to be cut into a snippet. */
type Shown = Omit<SearchResult, 'snippet'> & { text: () => string };

export class SearchService {
  constructor(private readonly ctx: ModuleContext, private readonly words: CustomWords, private readonly store: SearchStore) {}

  async search(input: SearchQuery): Promise<Result<SearchPage>> {
    const segmenter = await this.words.ready();
    const parsed = segmenter.parseQuery(input.q);
    if (!parsed.node) return invalidField('q', 'search.noWords');
    const { hits, next } = await this.store.query({
      node: parsed.node,
      types: input.type ? [input.type] : null,
      show: (docs) => this.show(docs),
      limit: input.limit ?? 20,
      after: positionOf(input.cursor),
    });
    const nextCursor = next ? encodeCursor([next.tier, next.before, next.band?.low ?? -1, next.band?.top ?? -1]) : null;
    // Snippets only for the hits the page shows (the store loads a few more than it shows).
    const items = hits.map(({ item: { text, ...rest } }) => ({ ...rest, snippet: makeSnippet(text(), parsed.terms) }));
    return ok({ items, nextCursor });
  }

  /**
   * The results as a page shows them, null for what may not be shown to anyone: published
   * posts, published comments under a published post, active members. Read at query time, so
   * an item hidden by moderation or deleted disappears from results at once, event or not.
   */
  private async show(docs: DocRef[]): Promise<(Shown | null)[]> {
    const ids = (type: string) => docs.filter((d) => d.type === type).map((d) => d.refId);
    const [postIds, commentIds, userIds] = [ids('post'), ids('comment'), ids('user')];
    const [posts, comments, users] = await Promise.all([
      postIds.length
        ? this.ctx.db.selectFrom('posts').select(['id', 'title', 'body']).where('id', 'in', postIds).where('status', '=', 'published').execute()
        : [],
      commentIds.length
        ? this.ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
          .select(['comments.id', 'comments.body', 'comments.post_id', 'posts.title']).where('comments.id', 'in', commentIds)
          .where('comments.status', '=', 'published').where('posts.status', '=', 'published').execute()
        : [],
      userIds.length
        ? this.ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'bio']).where('id', 'in', userIds).where('status', '=', 'active').execute()
        : [],
    ]);
    const byKey = new Map<string, Shown>();
    for (const p of posts) {
      byKey.set(`post:${p.id}`, { type: 'post', id: p.id, title: p.title, text: () => markdownToText(p.body), url: `/posts/${p.id}` });
    }
    for (const c of comments) {
      byKey.set(`comment:${c.id}`, {
        type: 'comment', id: c.id, title: c.title, text: () => markdownToText(c.body), url: `/posts/${c.post_id}#comment-${c.id}`,
      });
    }
    for (const u of users) {
      const text = u.bio ? `@${u.username} · ${u.bio}` : `@${u.username}`;
      byKey.set(`user:${u.id}`, { type: 'user', id: u.id, title: u.display_name, text: () => text, url: `/u/${encodeURIComponent(u.username)}` });
    }
    return docs.map((d) => byKey.get(`${d.type}:${d.refId}`) ?? null);
  }
}
