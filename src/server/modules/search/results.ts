import type { Db } from '../../platform/db/index.ts';
import { markdownToText } from '../../platform/markdown/index.ts';
import { makeSnippet, type DocRef, type HighlightTerm, type QueryNode, type SearchPosition, type SearchStore } from '../../platform/search/index.ts';
import type { SearchResult } from './schema.ts';

/** A parsed query and where its page starts: what a search asks of the index. */
export interface SearchRequest {
  node: QueryNode;
  terms: HighlightTerm[];
  types: string[] | null;
  limit: number;
  after: SearchPosition | null;
}

export interface FoundPage {
  items: SearchResult[];
  next: SearchPosition | null;
}

/** A result as loaded, its plain text still to be cut into a snippet. */
type Shown = Omit<SearchResult, 'snippet'> & { text: () => string };

/**
 * One page of results as members see them. Runs on the server's connection or on a read
 * worker's (see reader.ts): it only reads.
 */
export async function findResults(db: Db, store: SearchStore, request: SearchRequest): Promise<FoundPage> {
  const { hits, next } = await store.query({
    node: request.node,
    types: request.types,
    show: (docs) => show(db, docs),
    limit: request.limit,
    after: request.after,
  });
  // Snippets only for the hits the page shows (the store loads a few more than it shows).
  const items = hits.map(({ item: { text, ...rest } }) => ({ ...rest, snippet: makeSnippet(text(), request.terms) }));
  return { items, next };
}

/**
 * The results as a page shows them, null for what may not be shown to anyone: published
 * posts, published comments under a published post, active members. Read at query time, so
 * an item hidden by moderation or deleted disappears from results at once, event or not.
 */
async function show(db: Db, docs: DocRef[]): Promise<(Shown | null)[]> {
  const ids = (type: string) => docs.filter((d) => d.type === type).map((d) => d.refId);
  const [postIds, commentIds, userIds] = [ids('post'), ids('comment'), ids('user')];
  const [posts, comments, users] = await Promise.all([
    postIds.length
      ? db.selectFrom('posts').select(['id', 'title', 'body']).where('id', 'in', postIds).where('status', '=', 'published').execute()
      : [],
    commentIds.length
      ? db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
        .select(['comments.id', 'comments.body', 'comments.post_id', 'posts.title']).where('comments.id', 'in', commentIds)
        .where('comments.status', '=', 'published').where('posts.status', '=', 'published').execute()
      : [],
    userIds.length
      ? db.selectFrom('users').select(['id', 'username', 'display_name', 'bio']).where('id', 'in', userIds).where('status', '=', 'active').execute()
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
