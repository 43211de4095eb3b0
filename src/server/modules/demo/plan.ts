/**
 * The demo community as plain data: who joined when, who wrote what, who replied, liked and
 * followed whom, all over the last 60 days. Deterministic for a seed; nothing here touches
 * the database.
 */
import type { Role } from '../../../common/roles.ts';
import type { PostKind } from '../content/index.ts';
import { Rng } from './random.ts';
import { boards } from './templates.ts';
import { fill, writePost, writeReply } from './text.ts';
import { bios, people, words } from './words.ts';

export const DAY = 86_400_000;
export const SPAN_DAYS = 60;

export interface PlanMember {
  username: string;
  displayName: string;
  bio: string;
  role: Role;
  joinedAt: number;
  city: string;
  job: string;
  hobby: string;
  /** How much this member writes, relative to others. */
  activity: number;
}

export interface PlanPost {
  board: number;
  author: number;
  kind: PostKind;
  title: string;
  body: string;
  tags: string[];
  at: number;
}

export interface PlanComment {
  post: number;
  parent: number | null;
  author: number;
  body: string;
  at: number;
}

export interface PlanLike { target: 'post' | 'comment'; index: number; member: number; at: number }
export interface PlanFollow { follower: number; followee: number; at: number }

export interface Plan {
  members: PlanMember[];
  posts: PlanPost[];
  comments: PlanComment[];
  likes: PlanLike[];
  follows: PlanFollow[];
}

export interface PlanOptions {
  seed: string;
  now: number;
  posts?: number;
  minComments?: number;
}

/** A time of day people post at (mostly 8:00–24:00 Beijing time) on the day of `t`. */
function daytime(rng: Rng, t: number): number {
  const beijingMidnight = Math.floor((t + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  const hour = rng.weighted([1, 0, 0, 0, 0, 0, 0, 1, 3, 4, 4, 4, 5, 4, 3, 3, 3, 4, 4, 5, 6, 6, 5, 3]);
  return beijingMidnight + hour * 3600_000 + rng.int(0, 3599_999);
}

function staffRole(i: number): Role {
  if (i === 0) return 'operator';
  if (i === 1 || i === 2) return 'moderator';
  return 'member';
}

export function makePlan(options: PlanOptions): Plan {
  const rng = new Rng(options.seed);
  const { now } = options;
  const start = now - SPAN_DAYS * DAY;
  const clamp = (t: number) => Math.min(t, now - 60_000);

  const members: PlanMember[] = people.map((p, i) => {
    // The first dozen were here from the start; the rest trickled in over the two months.
    const joinedAt = i < 12 ? start + rng.int(0, 4 * DAY) : start + rng.int(5 * DAY, (SPAN_DAYS - 2) * DAY);
    const city = rng.pick(words.city);
    const job = rng.pick(words.job);
    const hobby = rng.pick(words.hobby);
    return {
      username: p.username, displayName: p.name, role: staffRole(i), joinedAt, city, job, hobby,
      bio: fill(rng.pick(bios), rng, new Map(), { city, job, hobby }),
      activity: 1 / Math.pow(rng.int(1, people.length), 0.9),
    };
  });
  members.sort((a, b) => a.joinedAt - b.joinedAt);
  const joinedBy = (t: number) => members.map((m, i) => (m.joinedAt < t ? i : -1)).filter((i) => i >= 0);
  const pickWriter = (t: number, exclude = -1) => {
    const pool = joinedBy(t).filter((i) => i !== exclude);
    return pool[rng.weighted(pool.map((i) => members[i]!.activity))] ?? 0;
  };

  const posts: PlanPost[] = [];
  const newcomers = boards.findIndex((b) => b.slug === 'xinren');
  const events = boards.findIndex((b) => b.slug === 'huodong');
  members.forEach((m, i) => {
    // Most people who joined later say hello within a day or so.
    if (m.joinedAt > start + 4 * DAY && rng.chance(0.8)) {
      const p = writePost(boards[newcomers]!, rng, m);
      posts.push({ board: newcomers, author: i, kind: 'discussion', ...p, at: clamp(m.joinedAt + rng.int(600_000, DAY)) });
    }
  });
  const target = options.posts ?? 230;
  const weights = boards.map((b, i) => (i === newcomers ? 0.3 : b.weight));
  while (posts.length < target) {
    const board = rng.weighted(weights);
    const at = daytime(rng, start + 5 * DAY + rng.int(0, (SPAN_DAYS - 5) * DAY));
    if (at >= now) continue;
    const staff = members.map((m, i) => (m.role !== 'member' ? i : -1)).filter((i) => i >= 0);
    const author = board === events ? rng.pick(staff) : pickWriter(at);
    const template = boards[board]!;
    const p = writePost(template, rng, members[author]!);
    // Longer shares are articles; a few questions are asked as open discussions.
    const kind = template.kind === 'article' && rng.chance(0.3) ? 'discussion' : template.kind;
    posts.push({ board, author, kind, ...p, at });
  }
  posts.sort((a, b) => a.at - b.at);

  const comments: PlanComment[] = [];
  const perPost = posts.map(() => rng.skewed(4.2, 45));
  const minComments = options.minComments ?? 1050;
  while (perPost.reduce((a, b) => a + b, 0) < minComments) perPost[rng.int(0, posts.length - 1)]! += 1;
  posts.forEach((post, pi) => {
    const thread: number[] = [];
    let t = post.at;
    for (let k = 0; k < perPost[pi]!; k++) {
      // Replies come fast at first and slow down as the post ages.
      t = clamp(t + Math.floor(rng.skewed(3 * 3600_000 * (1 + k / 4), 10 * DAY)) + 60_000);
      const parent = thread.length > 0 && rng.chance(0.25) ? rng.pick(thread) : null;
      const author = rng.chance(0.12) ? post.author : pickWriter(t, post.author);
      const replyTo = parent === null ? null : members[comments[parent]!.author]!.username;
      comments.push({ post: pi, parent, author, body: writeReply(boards[post.board]!, rng, replyTo), at: t });
      thread.push(comments.length - 1);
    }
  });

  const likes: PlanLike[] = [];
  const likeOnce = (target: 'post' | 'comment', index: number, since: number, count: number, owner: number) => {
    const pool = joinedBy(now).filter((i) => i !== owner);
    for (const member of rng.sample(pool, count)) {
      const at = clamp(Math.max(since, members[member]!.joinedAt) + rng.skewed(DAY, 20 * DAY) + 30_000);
      likes.push({ target, index, member, at });
    }
  };
  posts.forEach((p, i) => likeOnce('post', i, p.at, Math.min(30, rng.skewed(3, 30) + Math.floor(perPost[i]! / 2)), p.author));
  comments.forEach((c, i) => { if (rng.chance(0.35)) likeOnce('comment', i, c.at, rng.int(1, 4), c.author); });

  const follows: PlanFollow[] = [];
  members.forEach((m, i) => {
    const pool = members.map((_, j) => j).filter((j) => j !== i);
    const chosen = new Set<number>();
    const want = rng.int(2, 12);
    while (chosen.size < want) chosen.add(pool[rng.weighted(pool.map((j) => members[j]!.activity + 0.05))]!);
    for (const j of chosen) {
      const since = Math.max(m.joinedAt, members[j]!.joinedAt);
      follows.push({ follower: i, followee: j, at: clamp(since + rng.skewed(5 * DAY, 30 * DAY) + 60_000) });
    }
  });

  return { members, posts, comments, likes, follows };
}
