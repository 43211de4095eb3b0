import type { MigrationFn } from '../../../platform/db/index.ts';
import { columnTypes } from '../../../platform/db/index.ts';

export const up: MigrationFn = async (db, dialect) => {
  const t = columnTypes(dialect);
  await db.schema.createTable('categories')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('posts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('category_id', 'varchar(26)', (c) => c.notNull().references('categories.id'))
    .addColumn('author_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(400)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hot_score', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('edited_at', t.timestamp)
    .addColumn('deleted_at', t.timestamp)
    .execute();
  // One index per list the API serves (sort × filter), so no list scans or sorts a table.
  const postIndexes: [string, string[]][] = [
    ['posts_latest', ['status', 'id']],
    ['posts_hot', ['status', 'hot_score', 'id']],
    ['posts_top', ['status', 'like_count', 'id']],
    ['posts_category_latest', ['category_id', 'status', 'id']],
    ['posts_category_hot', ['category_id', 'status', 'hot_score', 'id']],
    ['posts_category_top', ['category_id', 'status', 'like_count', 'id']],
    ['posts_author', ['author_id', 'status', 'id']],
  ];
  for (const [name, columns] of postIndexes) await db.schema.createIndex(name).on('posts').columns(columns).execute();

  await db.schema.createTable('post_revisions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().references('posts.id'))
    .addColumn('editor_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'varchar(400)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_revisions_post').on('post_revisions').columns(['post_id', 'id']).execute();

  await db.schema.createTable('tags')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tags_popular').on('tags').columns(['post_count', 'id']).execute();

  await db.schema.createTable('post_tags')
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().references('posts.id'))
    .addColumn('tag_id', 'varchar(26)', (c) => c.notNull().references('tags.id'))
    .addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('post_tags_tag').on('post_tags').columns(['tag_id', 'post_id']).execute();

  await db.schema.createTable('comments')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().references('posts.id'))
    .addColumn('parent_id', 'varchar(26)', (c) => c.references('comments.id'))
    .addColumn('author_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('edited_at', t.timestamp)
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema.createIndex('comments_post').on('comments').columns(['post_id', 'status', 'id']).execute();
  await db.schema.createIndex('comments_author').on('comments').columns(['author_id', 'status', 'id']).execute();

  await db.schema.createTable('comment_revisions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('comment_id', 'varchar(26)', (c) => c.notNull().references('comments.id'))
    .addColumn('editor_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_revisions_comment').on('comment_revisions').columns(['comment_id', 'id']).execute();

  await db.schema.createTable('likes')
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('likes_pk', ['target_type', 'target_id', 'user_id'])
    .execute();
  await db.schema.createIndex('likes_user').on('likes').columns(['user_id', 'created_at']).execute();

  await db.schema.createTable('post_views')
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('viewer_key', 'varchar(80)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_views_pk', ['post_id', 'viewer_key', 'day'])
    .execute();
};
