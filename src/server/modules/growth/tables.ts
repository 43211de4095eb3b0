/** Entries move points; everything else (balances, boards, counters) is derived in the same
 * transaction as the entry that changes it. */
export type EntryKind = 'earn' | 'spend';

export interface PointAccountsTable {
  user_id: string;
  /** Always the sum of the member's entries (checked by tests after every race). */
  balance: number;
  /** Sum of 'earn' entries: what levels are based on, so spending never lowers a level. */
  earned: number;
  updated_at: string;
}

export interface PointEntriesTable {
  id: string;
  user_id: string;
  amount: number;
  balance_after: number;
  kind: EntryKind;
  reason: string;
  ref_type: string | null;
  ref_id: string | null;
  /** Unique when set: a replayed event or retried request never posts twice. */
  idem_key: string | null;
  created_at: string;
}

/** What a piece of content (or a like) earned, so deleting it can reverse exactly that. */
export interface GrowthCreditsTable {
  key: string;
  user_id: string;
  action: string;
  points: number;
  created_at: string;
  reversed_at: string | null;
}

/** How often a member did an action per period: caps and daily tasks read it. */
export interface GrowthCountersTable {
  user_id: string;
  action: string;
  period_key: string;
  count: number;
}

export interface GrowthRulesTable {
  action: string;
  points: number;
  cycle: string;
  cap: number | null;
  updated_at: string;
}

export interface GrowthLevelsTable {
  number: number;
  name_zh: string;
  name_en: string;
  threshold: number;
  privileges: string;
}

export interface LeaderboardScoresTable {
  board: string;
  period_key: string;
  user_id: string;
  value: number;
}

export interface CheckinsTable {
  user_id: string;
  /** Calendar day in Asia/Shanghai, YYYY-MM-DD. */
  day: string;
  streak: number;
  awarded: number;
  created_at: string;
}

export interface BadgesTable {
  id: string;
  slug: string;
  name_zh: string;
  name_en: string;
  description: string;
  /** 'rule' badges are granted by the engine; 'manual' ones by operators. */
  kind: 'rule' | 'manual';
  created_at: string;
}

export interface UserBadgesTable {
  user_id: string;
  badge_id: string;
  granted_by: string | null;
  created_at: string;
}

export interface InviteCodesTable {
  user_id: string;
  code: string;
  created_at: string;
}

export interface InvitationsTable {
  invitee_id: string;
  inviter_id: string;
  created_at: string;
  rewarded_at: string | null;
}

export interface MallItemsTable {
  id: string;
  name: string;
  description: string;
  kind: 'virtual' | 'physical';
  price: number;
  /** What is left; a conditional update keeps it from going below zero. */
  stock: number;
  per_member_limit: number | null;
  starts_at: string | null;
  ends_at: string | null;
  created_by: string;
  created_at: string;
}

export type OrderStatus = 'pending' | 'fulfilled' | 'cancelled';

export interface MallOrdersTable {
  id: string;
  item_id: string;
  user_id: string;
  price: number;
  status: OrderStatus;
  shipping: string | null;
  created_at: string;
  updated_at: string;
}

/** Redemptions per member and item that still count toward the per-member limit. */
export interface MallMemberCountsTable {
  item_id: string;
  user_id: string;
  count: number;
}

export interface LotteriesTable {
  id: string;
  name: string;
  cost: number;
  blank_weight: number;
  per_member_daily_limit: number | null;
  starts_at: string | null;
  ends_at: string | null;
  /** Hex of 32 CSPRNG bytes; secret until the lottery closes. */
  seed: string;
  seed_hash: string;
  status: 'open' | 'closed';
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

export interface LotteryPrizesTable {
  id: string;
  lottery_id: string;
  position: number;
  name: string;
  weight: number;
  stock: number;
}

export interface LotteryDrawsTable {
  id: string;
  lottery_id: string;
  user_id: string;
  prize_id: string | null;
  prize_name: string | null;
  /** JSON [{ name, weight }]: the prizes that had stock when this draw was made. */
  candidates: string;
  created_at: string;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    point_accounts: PointAccountsTable;
    point_entries: PointEntriesTable;
    growth_credits: GrowthCreditsTable;
    growth_counters: GrowthCountersTable;
    growth_rules: GrowthRulesTable;
    growth_levels: GrowthLevelsTable;
    leaderboard_scores: LeaderboardScoresTable;
    checkins: CheckinsTable;
    badges: BadgesTable;
    user_badges: UserBadgesTable;
    invite_codes: InviteCodesTable;
    invitations: InvitationsTable;
    mall_items: MallItemsTable;
    mall_orders: MallOrdersTable;
    mall_member_counts: MallMemberCountsTable;
    lotteries: LotteriesTable;
    lottery_prizes: LotteryPrizesTable;
    lottery_draws: LotteryDrawsTable;
  }
}
