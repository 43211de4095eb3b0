import { decodeCursor, encodeCursor, invalidField, ok, type Result } from '../../platform/http/index.ts';
import { markdownToText } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { makeSnippet, type HighlightTerm, type SearchHit, type SearchStore } from '../../platform/search/index.ts';
import { visibleSql } from './indexer.ts';
import type { SearchQuery, SearchResult } from './schema.ts';
import type { CustomWords } from './words.ts';

export interface SearchPage {
  items: SearchResult[];
  nextCursor: string | null;
}

export class SearchService {
  constructor(private readonly ctx: ModuleContext, private readonly words: CustomWords, private readonly store: SearchStore) {}

  async search(input: SearchQuery): Promise<Result<SearchPage>> {
    const segmenter = await this.words.ready();
    const parsed = segmenter.parseQuery(input.q);
    if (!parsed.node) return invalidField('q', 'search.noWords');
    const limit = input.limit ?? 20;
    const after = decodeCursor(input.cursor, ['number', 'number'] as const);
    const hits = await this.store.query({
      node: parsed.node,
      types: input.type ? [input.type] : null,
      visible: visibleSql,
      limit: limit + 1,
      after: after ? { score: after[0], rid: after[1] } : null,
    });
    const page = hits.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = hits.length > limit && last ? encodeCursor([last.score, last.rid]) : null;
    return ok({ items: await this.present(page, parsed.terms), nextCursor });
  }

  private async present(hits: SearchHit[], terms: HighlightTerm[]): Promise<SearchResult[]> {
    const ids = (type: string) => hits.filter((h) => h.type === type).map((h) => h.refId);
    const [posts, comments, users] = await Promise.all([
      ids('post').length
        ? this.ctx.db.selectFrom('posts').select(['id', 'title', 'body']).where('id', 'in', ids('post')).execute()
        : [],
      ids('comment').length
        ? this.ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
          .select(['comments.id', 'comments.body', 'comments.post_id', 'posts.title']).where('comments.id', 'in', ids('comment')).execute()
        : [],
      ids('user').length
        ? this.ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'bio']).where('id', 'in', ids('user')).execute()
        : [],
    ]);
    const byKey = new Map<string, SearchResult>();
    for (const p of posts) {
      byKey.set(`post:${p.id}`, { type: 'post', id: p.id, title: p.title, snippet: makeSnippet(markdownToText(p.body), terms), url: `/posts/${p.id}` });
    }
    for (const c of comments) {
      byKey.set(`comment:${c.id}`, {
        type: 'comment', id: c.id, title: c.title, snippet: makeSnippet(markdownToText(c.body), terms), url: `/posts/${c.post_id}#comment-${c.id}`,
      });
    }
    for (const u of users) {
      const text = u.bio ? `@${u.username} · ${u.bio}` : `@${u.username}`;
      byKey.set(`user:${u.id}`, {
        type: 'user', id: u.id, title: u.display_name, snippet: makeSnippet(text, terms), url: `/u/${encodeURIComponent(u.username)}`,
      });
    }
    // An item removed between the ranking query and this read is simply left out.
    return hits.flatMap((h) => byKey.get(`${h.type}:${h.refId}`) ?? []);
  }
}
