import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoTime, PageQuery } from '../../platform/http/index.ts';
import { UserSummary } from '../accounts/index.ts';

export const POST_KINDS = ['discussion', 'article', 'question'] as const;
export const MAX_TAGS = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;
export const COMMENT_MAX = 10_000;

export const Category = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  postCount: Type.Integer(),
});
export type Category = Static<typeof Category>;

export const CategoryBody = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

const Kind = Type.Union(POST_KINDS.map((k) => Type.Literal(k)));
const Status = Type.Union([Type.Literal('published'), Type.Literal('pending'), Type.Literal('hidden')]);

const postFields = {
  id: Type.String(),
  kind: Kind,
  title: Type.String(),
  excerpt: Type.String(),
  status: Status,
  category: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  author: UserSummary,
  tags: Type.Array(Type.String()),
  likeCount: Type.Integer(),
  commentCount: Type.Integer(),
  viewCount: Type.Integer(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  editedAt: Type.Union([IsoTime, Type.Null()]),
};

export const PostListItem = Type.Object(postFields);
export type PostListItem = Static<typeof PostListItem>;

export const Post = Type.Object({
  ...postFields,
  body: Type.String(),
  bodyHtml: Type.String(),
  likedByMe: Type.Boolean(),
  canEdit: Type.Boolean(),
});
export type Post = Static<typeof Post>;

// The limit of MAX_TAGS applies after normalisation (tags.ts), so "#Node" and "node" count as
// one; the schema only bounds the work a single request can ask for.
const TagList = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 4 * MAX_TAGS });

export const CreatePostBody = Type.Object({
  categoryId: Type.String({ minLength: 1, maxLength: 64, description: 'category id or slug' }),
  title: Type.String({ minLength: 1, maxLength: TITLE_MAX }),
  body: Type.String({ minLength: 1, maxLength: BODY_MAX }),
  kind: Type.Optional(Kind),
  tags: Type.Optional(TagList),
}, { additionalProperties: false });
export type CreatePostBody = Static<typeof CreatePostBody>;

export const UpdatePostBody = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: TITLE_MAX })),
  body: Type.Optional(Type.String({ minLength: 1, maxLength: BODY_MAX })),
  tags: Type.Optional(TagList),
}, { additionalProperties: false });
export type UpdatePostBody = Static<typeof UpdatePostBody>;

export const ListPostsQuery = Type.Object({
  category: Type.Optional(Type.String({ maxLength: 64 })),
  tag: Type.Optional(Type.String({ maxLength: 64 })),
  author: Type.Optional(Type.String({ maxLength: 64 })),
  following: Type.Optional(Type.Boolean({ description: 'only posts by members the caller follows (signed in)' })),
  sort: Type.Optional(Type.Union([Type.Literal('latest'), Type.Literal('hot'), Type.Literal('top')], { default: 'latest' })),
  ...PageQuery,
});
export type ListPostsQuery = Static<typeof ListPostsQuery>;

export const Comment = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  author: UserSummary,
  body: Type.String(),
  bodyHtml: Type.String(),
  status: Status,
  likeCount: Type.Integer(),
  likedByMe: Type.Boolean(),
  canEdit: Type.Boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  editedAt: Type.Union([IsoTime, Type.Null()]),
});
export type Comment = Static<typeof Comment>;

export const CreateCommentBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: COMMENT_MAX }),
  parentId: Type.Optional(Type.Union([Id, Type.Null()])),
}, { additionalProperties: false });

export const UpdateCommentBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: COMMENT_MAX }),
}, { additionalProperties: false });

export const LikeState = Type.Object({ liked: Type.Boolean(), likeCount: Type.Integer() });

export const IdParams = Type.Object({ id: Id });

/** A member's comment as listed on their profile, with the post it answers. */
export const ProfileComment = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  postTitle: Type.String(),
  excerpt: Type.String(),
  likeCount: Type.Integer(),
  createdAt: IsoTime,
});
