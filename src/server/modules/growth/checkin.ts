import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/db/index.ts';
import { raise } from '../../platform/http/index.ts';
import { grantBadge } from './badge-rules.ts';
import { STREAK_BONUS_MAX, loadRules } from './config.ts';
import { postEntry } from './ledger.ts';
import { addDays, shanghaiDay } from './periods.ts';

/**
 * Daily check-in (签到), one per member per Shanghai calendar day: the (user, day) primary key
 * decides races, so two parallel check-ins award once and the other answers 409. A check-in
 * the day after the previous one continues the streak; day n of a streak earns the rule's
 * points plus min(n - 1, STREAK_BONUS_MAX). Make-up check-ins (补签) are off.
 */
export async function checkIn(trx: Kysely<Database>, userId: string, at = new Date()): Promise<{ awarded: number; streak: number }> {
  const day = shanghaiDay(at);
  const prev = await trx.selectFrom('checkins').select('streak').where('user_id', '=', userId).where('day', '=', addDays(day, -1)).executeTakeFirst();
  const streak = (prev?.streak ?? 0) + 1;
  const rule = (await loadRules(trx)).checkin;
  const awarded = Math.max(0, rule.points + Math.min(streak - 1, STREAK_BONUS_MAX));
  const inserted = await trx.insertInto('checkins').values({ user_id: userId, day, streak, awarded, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) raise('conflict', 'growth.alreadyCheckedIn');
  if (awarded > 0) {
    await postEntry(trx, { userId, amount: awarded, kind: 'earn', reason: 'checkin', refType: 'checkin', refId: day, key: `checkin:${userId}:${day}` });
  }
  if (streak >= 7) await grantBadge(trx, userId, 'streak-7', null);
  return { awarded, streak };
}

/** The live streak: today's, or yesterday's if today's check-in is still to come. */
export async function currentStreak(db: Kysely<Database>, userId: string): Promise<number> {
  const today = shanghaiDay();
  const rows = await db.selectFrom('checkins').select(['day', 'streak']).where('user_id', '=', userId)
    .where('day', 'in', [today, addDays(today, -1)]).execute();
  const row = rows.find((r) => r.day === today) ?? rows[0];
  return row?.streak ?? 0;
}

export async function calendar(db: Kysely<Database>, userId: string, month: string) {
  const days = await db.selectFrom('checkins').select(['day', 'streak', 'awarded'])
    .where('user_id', '=', userId).where('day', '>=', `${month}-01`).where('day', '<=', `${month}-31`)
    .orderBy('day').execute();
  const today = shanghaiDay();
  return {
    month,
    today,
    timeZone: 'Asia/Shanghai',
    checkedInToday: days.some((d) => d.day === today) || (await db.selectFrom('checkins').select('day').where('user_id', '=', userId).where('day', '=', today).executeTakeFirst()) !== undefined,
    streak: await currentStreak(db, userId),
    makeUpEnabled: false,
    days: days.map((d) => ({ day: d.day, streak: d.streak, awarded: d.awarded })),
  };
}
