import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/db/index.ts';

/** Badges the engine grants by itself; operators add manual ones beside them. */
export const ruleBadges = [
  { slug: 'first-post', nameZh: '初来乍到', nameEn: 'First post', description: 'Wrote a first post' },
  { slug: 'first-comment', nameZh: '开口说话', nameEn: 'First comment', description: 'Wrote a first comment' },
  { slug: 'streak-7', nameZh: '七日不辍', nameEn: '7-day streak', description: 'Checked in 7 days in a row' },
  { slug: 'likes-100', nameZh: '众望所归', nameEn: '100 likes', description: 'Received 100 likes' },
] as const;

export type RuleBadge = (typeof ruleBadges)[number]['slug'];

/** Grants a badge once: the (user, badge) key makes repeats and races harmless. */
export async function grantBadge(db: Kysely<Database>, userId: string, slug: string, grantedBy: string | null): Promise<boolean> {
  const badge = await db.selectFrom('badges').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!badge) return false;
  const r = await db.insertInto('user_badges').values({ user_id: userId, badge_id: badge.id, granted_by: grantedBy, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'badge_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}
