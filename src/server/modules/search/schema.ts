import { Type, type Static } from '@sinclair/typebox';
import { IsoTime, PageQuery } from '../../platform/http/index.ts';

export const SEARCH_TYPES = ['post', 'comment', 'user'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
/** Longer queries are refused: nobody types them, and each word costs a posting-list walk. */
export const QUERY_MAX = 200;

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: QUERY_MAX, description: 'words to find, Chinese and/or other languages; every word must match' }),
  type: Type.Optional(Type.Union(SEARCH_TYPES.map((t) => Type.Literal(t)))),
  ...PageQuery,
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object({
  type: Type.Union(SEARCH_TYPES.map((t) => Type.Literal(t))),
  id: Type.String(),
  title: Type.Optional(Type.String({ description: 'plain text: the post title (for a comment, its post\'s), or the member\'s display name' })),
  snippet: Type.String({ description: 'HTML-safe excerpt around the first hit, hits wrapped in <mark>' }),
  url: Type.String(),
});
export type SearchResult = Static<typeof SearchResult>;

export const CustomWord = Type.Object({ word: Type.String(), createdAt: IsoTime });
export type CustomWord = Static<typeof CustomWord>;

export const CustomWordBody = Type.Object({ word: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type CustomWordBody = Static<typeof CustomWordBody>;

export const CustomWordParams = Type.Object({ word: Type.String({ minLength: 1, maxLength: 64 }) });
