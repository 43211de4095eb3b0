export type ContentStatus = 'published' | 'pending' | 'hidden' | 'deleted';
export type PostKind = 'discussion' | 'article' | 'question';
export type LikeTarget = 'post' | 'comment';

export interface CategoriesTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  post_count: number;
  created_at: string;
}

export interface PostsTable {
  id: string;
  category_id: string;
  author_id: string;
  kind: PostKind;
  title: string;
  body: string;
  body_html: string;
  excerpt: string;
  status: ContentStatus;
  like_count: number;
  comment_count: number;
  view_count: number;
  /** Time-decayed popularity, kept current on every like, comment and view (see hot.ts). */
  hot_score: number;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface PostRevisionsTable {
  id: string;
  post_id: string;
  editor_id: string;
  title: string;
  body: string;
  /** JSON array of tag names as they were. */
  tags: string;
  created_at: string;
}

export interface TagsTable {
  id: string;
  name: string;
  slug: string;
  post_count: number;
  created_at: string;
}

export interface PostTagsTable {
  post_id: string;
  tag_id: string;
}

export interface CommentsTable {
  id: string;
  post_id: string;
  parent_id: string | null;
  author_id: string;
  body: string;
  body_html: string;
  status: ContentStatus;
  like_count: number;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface CommentRevisionsTable {
  id: string;
  comment_id: string;
  editor_id: string;
  body: string;
  created_at: string;
}

export interface LikesTable {
  target_type: LikeTarget;
  target_id: string;
  user_id: string;
  created_at: string;
}

export interface PostCommentDeltasTable {
  id: string;
  post_id: string;
  delta: number;
}

export interface PostViewsTable {
  post_id: string;
  viewer_key: string;
  day: string;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    categories: CategoriesTable;
    posts: PostsTable;
    post_revisions: PostRevisionsTable;
    tags: TagsTable;
    post_tags: PostTagsTable;
    comments: CommentsTable;
    comment_revisions: CommentRevisionsTable;
    likes: LikesTable;
    post_views: PostViewsTable;
    post_comment_deltas: PostCommentDeltasTable;
  }
}
