/**
 * Calendar periods of the growth system. The community is Chinese, so a "day" is a calendar
 * day in Asia/Shanghai (UTC+8, no daylight saving): check-ins, daily caps, daily tasks and
 * the day/week/month leaderboards all roll over at 00:00 Beijing time (16:00 UTC).
 */
const OFFSET_MS = 8 * 3_600_000;

export type Period = 'day' | 'week' | 'month' | 'all';
export const periods: readonly Period[] = ['day', 'week', 'month', 'all'];

/** YYYY-MM-DD of the Shanghai calendar day containing `at`. */
export function shanghaiDay(at: Date = new Date()): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO-8601 week (Monday first) of a Shanghai day, e.g. 2026-W48. */
function isoWeek(day: string): string {
  const thursday = new Date(`${day}T00:00:00Z`);
  thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3); // the Thursday decides the year
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The key of the period containing `at`, as stored in counters and leaderboards. */
export function periodKey(period: Period, at: Date = new Date()): string {
  const day = shanghaiDay(at);
  switch (period) {
    case 'day': return day;
    case 'week': return isoWeek(day);
    case 'month': return day.slice(0, 7);
    case 'all': return 'all';
  }
}
