// What the generator writes and the interface of the sinks that write it (sink-sqlite.ts,
// sink-postgres.ts).

/** The columns the generator writes, in the order rows are given. */
export const columns = {
  categories: ['id', 'slug', 'name', 'description', 'position', 'post_count', 'created_at'],
  users: ['id', 'username', 'username_lower', 'email', 'email_lower', 'password_hash', 'display_name', 'bio', 'role', 'status',
    'follower_count', 'following_count', 'created_at', 'updated_at'],
  follows: ['follower_id', 'followee_id', 'created_at'],
  tags: ['id', 'name', 'slug', 'post_count', 'created_at'],
  posts: ['id', 'category_id', 'author_id', 'kind', 'title', 'body', 'body_html', 'excerpt', 'status', 'like_count',
    'comment_count', 'view_count', 'hot_score', 'created_at', 'updated_at'],
  post_tags: ['post_id', 'tag_id'],
  comments: ['id', 'post_id', 'parent_id', 'author_id', 'body', 'body_html', 'status', 'like_count', 'created_at', 'updated_at'],
  likes: ['target_type', 'target_id', 'user_id', 'created_at'],
} as const;

export type SeedTable = keyof typeof columns;
/** Parents before children, so foreign keys hold at every flush. */
export const flushOrder: SeedTable[] = ['categories', 'users', 'follows', 'tags', 'posts', 'post_tags', 'comments', 'likes'];
/** Tables that get their secondary indexes dropped during the load and rebuilt after it:
 * one sort per index at the end is far cheaper than millions of random B-tree inserts. */
export const bulkTables: SeedTable[] = ['users', 'follows', 'posts', 'post_tags', 'comments', 'likes'];

export type Row = (string | number | null)[];

/** Where generated rows go. add() may buffer; flush() writes everything so far (SQLite commits
 * it; PostgreSQL commits the whole load in finish()). */
export interface RowSink {
  add(table: SeedTable, row: Row): void;
  /** Rows added since the last flush. */
  readonly pending: number;
  flush(): Promise<void>;
  /** Sets a counter column from a map of id → value, in bulk. */
  setCounts(table: 'categories' | 'tags', column: 'post_count', values: Map<string, number>): Promise<void>;
  /** Empties every table but the migration bookkeeping (for --force). */
  wipe(): Promise<void>;
  /** Drops secondary indexes (on PostgreSQL foreign keys too) of the big tables; finish() rebuilds them. */
  begin(): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

