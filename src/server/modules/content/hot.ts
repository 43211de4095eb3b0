/**
 * "Hot" is a time-decayed score stored on each post so the hot list is one index scan. As in
 * Reddit's ranking, newer posts start higher: every 12.5 hours of age is worth one order of
 * magnitude of engagement, so a post needs ten times the likes, comments and views to hold
 * its place against one half a day younger. Updated whenever the counts change.
 */
const EPOCH = Date.UTC(2025, 0, 1) / 1000;
const DECAY_SECONDS = 45_000;

export function hotScore(counts: { likes: number; comments: number; views: number }, createdAt: string): number {
  const engagement = counts.likes * 3 + counts.comments * 2 + counts.views / 10;
  const magnitude = Math.log10(Math.max(1, engagement));
  const age = Date.parse(createdAt) / 1000 - EPOCH;
  return Math.round((magnitude + age / DECAY_SECONDS) * 1e7) / 1e7;
}
