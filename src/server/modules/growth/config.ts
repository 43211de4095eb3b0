/**
 * Earning rules and levels: defaults from the operations plan, overridable by operators
 * (rows in growth_rules / growth_levels win over these).
 */
import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/db/index.ts';

export const actions = ['post', 'comment', 'like_received', 'checkin', 'featured_post', 'accepted_answer', 'invite'] as const;
export type Action = (typeof actions)[number];
export const cycles = ['once', 'daily', 'weekly', 'unlimited'] as const;
export type Cycle = (typeof cycles)[number];

export interface Rule {
  action: Action;
  points: number;
  cycle: Cycle;
  /** How many times per cycle the action earns; null means no cap. */
  cap: number | null;
}

export const defaultRules: Record<Action, Rule> = {
  post: { action: 'post', points: 5, cycle: 'daily', cap: 5 },
  comment: { action: 'comment', points: 2, cycle: 'daily', cap: 20 },
  like_received: { action: 'like_received', points: 1, cycle: 'daily', cap: 50 },
  checkin: { action: 'checkin', points: 2, cycle: 'daily', cap: 1 },
  featured_post: { action: 'featured_post', points: 20, cycle: 'unlimited', cap: null },
  accepted_answer: { action: 'accepted_answer', points: 15, cycle: 'unlimited', cap: null },
  invite: { action: 'invite', points: 10, cycle: 'daily', cap: 10 },
};

/** A check-in on day n of a streak earns n - 1 extra points, at most this many. */
export const STREAK_BONUS_MAX = 5;

export interface Privileges {
  canPostLinks: boolean;
  canCreateGroups: boolean;
  canCreateEvents: boolean;
  dailyPostLimit: number;
  /** How much a flag by this member weighs when moderation adds up reports. */
  flagWeight: number;
}

export interface Level {
  number: number;
  nameZh: string;
  nameEn: string;
  /** Earned points needed to reach this level. */
  threshold: number;
  privileges: Privileges;
}

const names: [string, string][] = [
  ['新芽', 'Sprout'], ['学徒', 'Apprentice'], ['常客', 'Regular'], ['熟客', 'Familiar'], ['达人', 'Adept'],
  ['精英', 'Expert'], ['大师', 'Master'], ['宗师', 'Grandmaster'], ['传奇', 'Legend'], ['炉火', 'Hearthkeeper'],
];
const thresholds = [0, 50, 150, 400, 800, 1500, 3000, 6000, 12000, 25000];

export const defaultLevels: Level[] = names.map(([nameZh, nameEn], i) => ({
  number: i + 1,
  nameZh,
  nameEn,
  threshold: thresholds[i]!,
  // Newcomers may post links and a fair number of posts by default: a first helpful answer
  // should not bounce, and unsure content from new members is reviewed anyway. Operators can
  // tighten any level (PUT /growth/levels).
  privileges: {
    canPostLinks: true,
    canCreateGroups: i >= 3,
    canCreateEvents: i >= 4,
    dailyPostLimit: [50, 80, 100, 150, 200, 300, 400, 500, 800, 1000][i]!,
    flagWeight: i >= 7 ? 3 : i >= 4 ? 2 : 1,
  },
}));

/**
 * Rules and levels change only when an operator saves them, yet every award reads the rules
 * and every list of authors reads the levels. They are kept per database for a few seconds:
 * a save in this process forgets them at once, and the short life bounds how long another
 * instance can act on the old settings.
 */
const SETTINGS_TTL_MS = 5_000;
const remembered = new WeakMap<object, Map<string, { value: Promise<unknown>; until: number }>>();

function remember<T>(db: Kysely<Database>, kind: 'rules' | 'levels', load: () => Promise<T>): Promise<T> {
  let slots = remembered.get(db);
  if (!slots) remembered.set(db, (slots = new Map()));
  const current = slots.get(kind);
  if (current && current.until > Date.now()) return current.value as Promise<T>;
  const value = load();
  slots.set(kind, { value, until: Date.now() + SETTINGS_TTL_MS });
  // A failed read is not remembered.
  value.catch(() => { if (slots.get(kind)?.value === value) slots.delete(kind); });
  return value;
}

/** The rules, from memory when read lately (see SETTINGS_TTL_MS). */
export function currentRules(db: Kysely<Database>): Promise<Record<Action, Rule>> {
  return remember(db, 'rules', () => loadRules(db));
}

/** The levels, from memory when read lately (see SETTINGS_TTL_MS). */
export function currentLevels(db: Kysely<Database>): Promise<Level[]> {
  return remember(db, 'levels', () => loadLevels(db));
}

/** After a save: the next read goes to the database. */
export function forgetSettings(db: Kysely<Database>): void {
  remembered.delete(db);
}

export async function loadRules(db: Kysely<Database>): Promise<Record<Action, Rule>> {
  const rows = await db.selectFrom('growth_rules').selectAll().execute();
  const rules = { ...defaultRules };
  for (const r of rows) {
    if ((actions as readonly string[]).includes(r.action)) {
      rules[r.action as Action] = { action: r.action as Action, points: r.points, cycle: r.cycle as Cycle, cap: r.cap };
    }
  }
  return rules;
}

export async function saveRules(db: Kysely<Database>, rules: Rule[]): Promise<void> {
  const now = nowIso();
  for (const r of rules) {
    await db.insertInto('growth_rules').values({ action: r.action, points: r.points, cycle: r.cycle, cap: r.cap, updated_at: now })
      .onConflict((oc) => oc.column('action').doUpdateSet({ points: r.points, cycle: r.cycle, cap: r.cap, updated_at: now }))
      .execute();
  }
}

export async function loadLevels(db: Kysely<Database>): Promise<Level[]> {
  const rows = await db.selectFrom('growth_levels').selectAll().orderBy('number').execute();
  if (rows.length === 0) return defaultLevels;
  return rows.map((r) => ({
    number: r.number, nameZh: r.name_zh, nameEn: r.name_en, threshold: Number(r.threshold),
    privileges: { ...defaultLevels[r.number - 1]!.privileges, ...(JSON.parse(r.privileges) as Partial<Privileges>) },
  }));
}

export async function saveLevels(db: Kysely<Database>, levels: Level[]): Promise<void> {
  await db.deleteFrom('growth_levels').execute();
  await db.insertInto('growth_levels').values(levels.map((l) => ({
    number: l.number, name_zh: l.nameZh, name_en: l.nameEn, threshold: l.threshold, privileges: JSON.stringify(l.privileges),
  }))).execute();
}

/** The level reached with `earned` points, and the points at which the next one starts. */
export function levelFor(levels: Level[], earned: number): { level: Level; nextAt: number | null } {
  let index = 0;
  for (let i = 0; i < levels.length; i++) if (earned >= levels[i]!.threshold) index = i;
  const next = levels[index + 1];
  return { level: levels[index]!, nextAt: next ? next.threshold : null };
}
