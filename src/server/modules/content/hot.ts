import { sql, type RawBuilder } from 'kysely';

/**
 * "Hot" is a time-decayed score stored on each post so the hot list is one index scan. As in
 * Reddit's ranking, newer posts start higher: every 12.5 hours of age is worth one order of
 * magnitude of engagement, so a post needs ten times the likes, comments and views to hold
 * its place against one half a day younger. Updated whenever the counts change.
 */
const EPOCH = Date.UTC(2025, 0, 1) / 1000;
const DECAY_SECONDS = 45_000;

function ageTerm(createdAt: string): number {
  return (Date.parse(createdAt) / 1000 - EPOCH) / DECAY_SECONDS;
}

export function hotScore(counts: { likes: number; comments: number; views: number }, createdAt: string): number {
  const engagement = counts.likes * 3 + counts.comments * 2 + counts.views / 10;
  const magnitude = Math.log10(Math.max(1, engagement));
  return Math.round((magnitude + ageTerm(createdAt)) * 1e7) / 1e7;
}

/**
 * hotScore in SQL (both databases) over the row being updated, as it will be with
 * `commentDelta` more comments: the count and the score then move in one UPDATE.
 */
export function hotScoreAfterComments(commentDelta: number, createdAt: string): RawBuilder<number> {
  const engagement = sql`(cast(like_count * 3 + (comment_count + ${commentDelta}) * 2 as double precision) + cast(view_count as double precision) / 10)`;
  return sql<number>`round((log10(case when ${engagement} > 1 then ${engagement} else 1 end) + ${ageTerm(createdAt)}) * 10000000) / 10000000`;
}
