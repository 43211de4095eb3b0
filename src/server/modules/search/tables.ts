/** The site's own words for the Chinese segmenter (jieba), managed by admins. */
export interface SearchWordsTable {
  word: string;
  created_by: string | null;
  created_at: string;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    search_words: SearchWordsTable;
  }
}
