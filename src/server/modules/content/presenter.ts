import type { Selectable } from 'kysely';
import type { UserSummary } from '../accounts/index.ts';
import type { CategoriesTable, CommentsTable, PostsTable } from './tables.ts';
import type { Category, Comment, Post, PostListItem } from './schema.ts';

type PostRow = Selectable<PostsTable>;
export type PostListRow = Omit<PostRow, 'body' | 'body_html'>;

const deletedUser: UserSummary = { id: '', username: 'deleted', displayName: 'deleted', avatarUrl: null, level: 1 };

export function presentCategory(row: Selectable<CategoriesTable>): Category {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, postCount: row.post_count };
}

export function presentListItem(
  row: PostListRow,
  category: Pick<Category, 'id' | 'slug' | 'name'> | undefined,
  author: UserSummary | undefined,
  tags: string[],
): PostListItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    excerpt: row.excerpt,
    status: row.status === 'deleted' ? 'hidden' : row.status,
    category: category ?? { id: row.category_id, slug: '', name: '' },
    author: author ?? deletedUser,
    tags,
    likeCount: row.like_count,
    commentCount: row.comment_count,
    viewCount: row.view_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editedAt: row.edited_at,
  };
}

export function presentPost(
  row: PostRow,
  parts: { category: Pick<Category, 'id' | 'slug' | 'name'> | undefined; author: UserSummary | undefined; tags: string[]; likedByMe: boolean; canEdit: boolean },
): Post {
  return {
    ...presentListItem(row, parts.category, parts.author, parts.tags),
    body: row.body,
    bodyHtml: row.body_html,
    likedByMe: parts.likedByMe,
    canEdit: parts.canEdit,
  };
}

export function presentComment(
  row: Selectable<CommentsTable>,
  author: UserSummary | undefined,
  likedByMe: boolean,
  canEdit: boolean,
): Comment {
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    author: author ?? deletedUser,
    body: row.body,
    bodyHtml: row.body_html,
    status: row.status === 'deleted' ? 'hidden' : row.status,
    likeCount: row.like_count,
    likedByMe,
    canEdit,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editedAt: row.edited_at,
  };
}
