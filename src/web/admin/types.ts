/** Shapes of the staff API responses the console reads (see /api/v1/openapi.json). */
export type QueueAction = 'approve' | 'reject' | 'delete' | 'warn' | 'silence';
export interface QueueItem {
  id: string; targetType: 'post' | 'comment' | 'message' | 'user'; targetId: string; authorId: string | null;
  source: string; reason: string; score: number; excerpt: string; held: boolean; status: string;
  decision: string | null; note: string | null; appealed: boolean; createdAt: string; decidedAt: string | null;
  waitingSeconds: number; authorHistory?: { decided: number; rejected: number };
}
export interface ReasonTemplate { id: string; title: string; body: string; createdAt: string }
export interface Metrics {
  queueLength: number; openBySource: Record<string, number>; oldestWaitingSeconds: number | null;
  medianSecondsToDecision: number | null; automaticHolds: number; overturnedShare: number | null;
}
export const WORD_ACTIONS = ['block', 'review', 'replace', 'flag', 'allow'] as const;
export type WordAction = (typeof WORD_ACTIONS)[number];
export interface Word { id: string; pattern: string; action: WordAction; category: string; createdAt: string }
export interface AuditEntry {
  id: string; actorId: string | null; action: string; targetType: string; targetId: string;
  before: unknown; after: unknown; note: string | null; createdAt: string;
}
export interface Model { id: string; version: number; active: boolean; metrics: unknown; note: string; createdAt: string }

export const CYCLES = ['once', 'daily', 'weekly', 'unlimited'] as const;
export interface Rule { action: string; points: number; cycle: (typeof CYCLES)[number]; cap: number | null }
export interface Privileges { canPostLinks: boolean; canCreateGroups: boolean; canCreateEvents: boolean; dailyPostLimit: number; flagWeight: number }
export interface Level { number: number; nameZh: string; nameEn: string; threshold: number; privileges: Privileges }
export interface Badge { slug: string; name: string; nameZh: string; nameEn: string; description: string; kind: 'rule' | 'manual' }
export interface LedgerEntry { id: string; amount: number; balanceAfter: number; reason: string; createdAt: string }
export interface MallItem {
  id: string; name: string; description: string; kind: 'virtual' | 'physical'; price: number; stock: number;
  perMemberLimit: number | null; startsAt: string | null; endsAt: string | null; createdAt: string;
}
export type OrderStatus = 'pending' | 'fulfilled' | 'cancelled';
export interface Order {
  id: string; status: OrderStatus; itemId: string; price: number; userId: string;
  shipping: { name: string; phone: string; address: string } | null; createdAt: string; updatedAt: string;
}
export interface Prize { name: string; weight: number; stock: number }
export interface Lottery {
  id: string; name: string; cost: number; blankWeight: number; perMemberDailyLimit: number | null;
  startsAt: string | null; endsAt: string | null; status: 'open' | 'closed'; seedHash: string; seed: string | null;
  createdAt: string; closedAt: string | null; prizes: Prize[];
}
export interface Draw { id: string; userId: string; prize: { name: string } | null; createdAt: string }
