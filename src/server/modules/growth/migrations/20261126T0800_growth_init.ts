import type { MigrationFn } from '../../../platform/db/index.ts';
import { sql } from 'kysely';
import { columnTypes, makeAppendOnly, newId } from '../../../platform/db/index.ts';
import { ruleBadges } from '../badge-rules.ts';

export const up: MigrationFn = async (db, dialect) => {
  const t = columnTypes(dialect);
  const ts = t.timestamp;

  await db.schema.createTable('point_accounts')
    .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey().references('users.id'))
    .addColumn('balance', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('earned', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable('point_entries')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('amount', t.bigint, (c) => c.notNull())
    .addColumn('balance_after', t.bigint, (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('reason', 'varchar(64)', (c) => c.notNull())
    .addColumn('ref_type', 'varchar(32)')
    .addColumn('ref_id', 'varchar(128)')
    .addColumn('idem_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('point_entries_user').on('point_entries').columns(['user_id', 'id']).execute();
  await makeAppendOnly(db, dialect, 'point_entries');

  await db.schema.createTable('growth_credits')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('reversed_at', ts)
    .execute();

  await db.schema.createTable('growth_counters')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('period_key', 'varchar(16)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('growth_counters_pk', ['user_id', 'action', 'period_key'])
    .execute();

  await db.schema.createTable('growth_rules')
    .addColumn('action', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('cycle', 'varchar(16)', (c) => c.notNull())
    .addColumn('cap', 'integer')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable('growth_levels')
    .addColumn('number', 'integer', (c) => c.primaryKey())
    .addColumn('name_zh', 'varchar(32)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(32)', (c) => c.notNull())
    .addColumn('threshold', t.bigint, (c) => c.notNull())
    .addColumn('privileges', t.json, (c) => c.notNull())
    .execute();

  await db.schema.createTable('leaderboard_scores')
    .addColumn('board', 'varchar(16)', (c) => c.notNull())
    .addColumn('period_key', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('value', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('leaderboard_scores_pk', ['board', 'period_key', 'user_id'])
    .execute();
  // Top-N and "how many are ahead of me" both read this index, never the whole table.
  await db.schema.createIndex('leaderboard_rank').on('leaderboard_scores').columns(['board', 'period_key', 'value']).execute();

  await db.schema.createTable('checkins')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('streak', 'integer', (c) => c.notNull())
    .addColumn('awarded', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('checkins_pk', ['user_id', 'day'])
    .execute();

  await db.schema.createTable('badges')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name_zh', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createTable('user_badges')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('badge_id', 'varchar(26)', (c) => c.notNull().references('badges.id'))
    .addColumn('granted_by', 'varchar(26)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_badges_pk', ['user_id', 'badge_id'])
    .execute();
  const now = new Date().toISOString();
  for (const b of ruleBadges) {
    await db.insertInto('badges').values({
      id: newId(), slug: b.slug, name_zh: b.nameZh, name_en: b.nameEn, description: b.description, kind: 'rule', created_at: now,
    }).execute();
  }

  await db.schema.createTable('invite_codes')
    .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey().references('users.id'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createTable('invitations')
    .addColumn('invitee_id', 'varchar(26)', (c) => c.primaryKey().references('users.id'))
    .addColumn('inviter_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('rewarded_at', ts)
    .execute();

  await db.schema.createTable('mall_items')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('per_member_limit', 'integer')
    .addColumn('starts_at', ts)
    .addColumn('ends_at', ts)
    .addColumn('created_by', 'varchar(26)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('mall_items_stock_nonnegative', sql`stock >= 0`)
    .execute();
  await db.schema.createTable('mall_orders')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('item_id', 'varchar(26)', (c) => c.notNull().references('mall_items.id'))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('shipping', t.json)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mall_orders_user').on('mall_orders').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('mall_orders_status').on('mall_orders').columns(['status', 'id']).execute();
  await db.schema.createTable('mall_member_counts')
    .addColumn('item_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mall_member_counts_pk', ['item_id', 'user_id'])
    .execute();

  await db.schema.createTable('lotteries')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('cost', 'integer', (c) => c.notNull())
    .addColumn('blank_weight', 'integer', (c) => c.notNull())
    .addColumn('per_member_daily_limit', 'integer')
    .addColumn('starts_at', ts)
    .addColumn('ends_at', ts)
    .addColumn('seed', 'varchar(64)', (c) => c.notNull())
    .addColumn('seed_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(26)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .execute();
  await db.schema.createTable('lottery_prizes')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('lottery_id', 'varchar(26)', (c) => c.notNull().references('lotteries.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addCheckConstraint('lottery_prizes_stock_nonnegative', sql`stock >= 0`)
    .execute();
  await db.schema.createIndex('lottery_prizes_lottery').on('lottery_prizes').columns(['lottery_id', 'position']).execute();
  await db.schema.createTable('lottery_draws')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('lottery_id', 'varchar(26)', (c) => c.notNull().references('lotteries.id'))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('prize_id', 'varchar(26)')
    .addColumn('prize_name', 'varchar(100)')
    .addColumn('candidates', t.json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lottery_draws_lottery').on('lottery_draws').columns(['lottery_id', 'id']).execute();
  await makeAppendOnly(db, dialect, 'lottery_draws');
};
