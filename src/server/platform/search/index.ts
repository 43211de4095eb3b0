/**
 * The search provider: Chinese-aware tokenising (jieba) feeding SQLite FTS5 or PostgreSQL
 * tsvector. Everything dialect-specific about full-text search lives in this folder.
 */
export { Segmenter, normalizeText, isCjk, type ParsedQuery, type QueryNode, type HighlightTerm } from './segmenter.ts';
export { makeSnippet, escapeHtml, snippetSource, type SnippetSource } from './snippet.ts';
export { createSearchStore } from './store.ts';
export type { SqliteSearchOptions } from './sqlite.ts';
export { Tokenizer, type RawItem } from './tokenizer.ts';
export { type Alongside, type SearchStore, type DocRef, type FoundRef, type IndexDoc, type SearchHit, type SearchPosition, type StorePage, type StoreQuery } from './types.ts';
export { searchIndexMigrations } from './migrations.ts';
export { forgetSearchIndexStatistics } from './sqlite-statistics.ts';
export { indexGeneration } from './sqlite-recent.ts';
