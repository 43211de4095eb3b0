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

/** Grants a badge once: the (user, badge) key makes repeats and races harmless. One statement,
 * as "first comment" is asked after every comment. */
export async function grantBadge(db: Kysely<Database>, userId: string, slug: string, grantedBy: string | null): Promise<boolean> {
  const r = await db.insertInto('user_badges')
    .columns(['user_id', 'badge_id', 'granted_by', 'created_at'])
    .expression((eb) => eb.selectFrom('badges')
      .select((s) => [s.val(userId).as('user_id'), 'id', s.val(grantedBy).as('granted_by'), s.val(nowIso()).as('created_at')])
      .where('slug', '=', slug))
    .onConflict((oc) => oc.columns(['user_id', 'badge_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}
