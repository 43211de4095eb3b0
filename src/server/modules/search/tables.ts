/** The site's own words for the Chinese segmenter (jieba), managed by admins. */
export interface SearchWordsTable {
  word: string;
  created_by: string | null;
  created_at: string;
}

/** A view: the items a search result may show, and what it shows (migration search_shown_view). */
export interface SearchShownView {
  type: 'post' | 'comment' | 'user';
  ref_id: string;
  title: string;
  body: string;
  post_id: string | null;
  username: string | null;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    search_words: SearchWordsTable;
    search_shown: SearchShownView;
  }
}
