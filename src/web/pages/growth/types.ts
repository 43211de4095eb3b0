/** Shapes of the growth, mall and lottery API responses these pages read (see /api/v1/openapi.json). */
export interface PointsSummary {
  balance: number; earned: number; streak: number;
  level: { number: number; name: string; nextAt: number | null };
}
export interface LevelInfo { number: number; nameZh: string; nameEn: string; threshold: number }
export interface LedgerEntry { id: string; amount: number; balanceAfter: number; reason: string; createdAt: string }
export interface CheckinCalendar {
  month: string; today: string; checkedInToday: boolean; streak: number;
  days: { day: string; streak: number; awarded: number }[];
}
export interface Task { id: string; kind: 'newcomer' | 'daily'; title: string; progress: number; target: number; reward: number; done: boolean; rewarded: boolean }
export interface Badge { slug: string; name: string; description: string; grantedAt?: string }
export const BOARDS = ['points', 'posts', 'likes', 'answers'] as const;
export const PERIODS = ['day', 'week', 'month', 'all'] as const;
export type Board = (typeof BOARDS)[number];
export type Period = (typeof PERIODS)[number];
export interface Leaderboard {
  items: { rank: number; value: number; user: { id: string; username: string } }[];
  me: { rank: number; value: number } | null;
}
export interface MallItem {
  id: string; name: string; description: string; kind: 'virtual' | 'physical'; price: number; stock: number;
  perMemberLimit: number | null; startsAt: string | null; endsAt: string | null;
}
export type OrderStatus = 'pending' | 'fulfilled' | 'cancelled';
export interface Order { id: string; status: OrderStatus; itemId: string; price: number; createdAt: string; shipping: { name: string; phone: string; address: string } | null }
export interface Lottery {
  id: string; name: string; cost: number; perMemberDailyLimit: number | null; startsAt: string | null; endsAt: string | null;
  status: 'open' | 'closed'; seedHash: string; seed: string | null; prizes: { name: string; weight: number; stock: number }[];
}
export interface Draw { id: string; userId: string; prize: { name: string } | null; createdAt: string }
export interface DrawPage { items: Draw[]; nextCursor: string | null; seedHash: string; seed: string | null }
