import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { DbHandle } from '../../platform/db/index.ts';
import { hotScore } from '../content/index.ts';
import { Progress } from '../../platform/progress/index.ts';
import { Rng, Zipf, permutation, ulidAt } from './random.ts';
import { openSink, type RowSink } from './sink.ts';
import { ThreadQueue } from './thread-queue.ts';
import { renderParagraphs, TextMaker } from './text.ts';
import { categoryDefs, enWords, tagNames, zhWords } from './words.ts';

export interface SeedOptions {
  users: number;
  posts: number;
  comments: number;
  seed?: number;
  /** Empty a non-empty database first instead of refusing. */
  force?: boolean;
  /** Likes per post on average (comments get a tenth of that). */
  likesPerPost?: number;
  followsPerUser?: number;
  /** The end of the synthetic year (defaults to now). */
  now?: number;
  /** Where the progress bar goes; null for none. */
  progress?: NodeJS.WriteStream | null;
}

export interface SeedSummary {
  users: number;
  posts: number;
  comments: number;
  likes: number;
  follows: number;
  tags: number;
  categories: number;
  seconds: number;
  /** Every seeded account signs in with this password; user 0 is an admin. */
  password: string;
  adminUsername: string;
}

export class SeedRefused extends Error {}

export const SEED_PASSWORD = 'hearth-seed-password';
const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** A thread never draws more comments than this; the rest of its share goes elsewhere. */
const MAX_COMMENTS_PER_POST = 20_000;
/** How far back a reply to a reply may reach in its thread. */
const RECENT_REPLIES = 64;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

async function isEmpty(handle: DbHandle): Promise<boolean> {
  const users = await handle.db.selectFrom('users').select('id').limit(1).execute();
  const posts = await handle.db.selectFrom('posts').select('id').limit(1).execute();
  return users.length === 0 && posts.length === 0;
}

/**
 * Writes a synthetic community straight into the database: members who joined over a year
 * (the most active ones early), posts whose number grows over the year, and comments and
 * likes concentrated on a few popular threads by a Zipf law. Every counter the application
 * keeps (comment, like and view counts, hot score, category and tag post counts, follower
 * counts) is written consistent with the rows, as if everything had happened through the API.
 */
export async function seedCommunity(handle: DbHandle, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  if (!(await isEmpty(handle)) && !options.force) {
    throw new SeedRefused('the database already has users or posts; pass --force to replace everything in it');
  }
  const sink = openSink(handle);
  try {
    if (options.force) await sink.wipe();
    const generator = new Generator(sink, options);
    await sink.begin();
    const summary = await generator.run();
    await sink.finish();
    return { ...summary, seconds: (Date.now() - started) / 1000 };
  } finally {
    await sink.close();
  }
}

class Generator {
  private readonly rng: Rng;
  private readonly text: TextMaker;
  private readonly now: number;
  private readonly start: number;
  private readonly userIds: string[] = [];
  private readonly userZipf: Zipf;
  private readonly progress: Progress;
  private likes = 0;

  constructor(private readonly sink: RowSink, private readonly o: SeedOptions) {
    this.rng = new Rng(o.seed ?? 1);
    this.text = new TextMaker(this.rng);
    this.now = o.now ?? Date.now();
    this.start = this.now - YEAR;
    this.userZipf = new Zipf(Math.max(1, o.users), 1.0);
    this.progress = new Progress(o.users + o.posts + o.comments, o.progress === undefined ? process.stderr : o.progress);
  }

  /** Members join over the year, quadratically fewer early on: user 0 is the founder. */
  private joinedAt(i: number): number {
    return this.start + Math.pow(i / Math.max(1, this.o.users), 2) * YEAR * 0.98;
  }

  /** The last member index who had joined by time t. */
  private lastJoinedBy(t: number): number {
    const fraction = Math.max(0, (t - this.start) / (YEAR * 0.98));
    return Math.min(this.o.users - 1, Math.floor(this.o.users * Math.sqrt(fraction)));
  }

  /** An active member (Zipf) who already existed at time t. */
  private pickUser(t: number): number {
    const last = this.lastJoinedBy(t);
    for (let i = 0; i < 8; i++) {
      const u = this.userZipf.sample(this.rng);
      if (u <= last) return u;
    }
    return this.rng.int(last + 1);
  }

  private async maybeFlush(): Promise<void> {
    if (this.sink.pending >= 50_000) await this.sink.flush();
  }

  async run(): Promise<Omit<SeedSummary, 'seconds'>> {
    const { rng, o } = this;
    if (o.users < 1) throw new SeedRefused('--users must be at least 1');
    const passwordHash = await hash(SEED_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });

    const categoryIds = categoryDefs.map(() => ulidAt(this.start - DAY, rng));
    categoryDefs.forEach((c, i) => this.sink.add('categories', [categoryIds[i]!, c.slug, c.name, c.description, i, 0, iso(this.start - DAY)]));
    const tagIds = tagNames.map(() => ulidAt(this.start - DAY, rng));
    tagNames.forEach((name, i) => this.sink.add('tags', [tagIds[i]!, name, name.toLowerCase(), 0, iso(this.start - DAY)]));

    this.progress.setPhase('follows');
    const follows = this.planFollows();
    this.progress.setPhase('users');
    await this.writeUsers(passwordHash, follows.followers, follows.following);
    for (let k = 0; k < follows.from.length; k++) {
      const a = follows.from[k]!;
      const b = follows.to[k]!;
      const t = Math.max(this.joinedAt(a), this.joinedAt(b)) + rng.next() * (this.now - Math.max(this.joinedAt(a), this.joinedAt(b)));
      this.sink.add('follows', [this.userIds[a]!, this.userIds[b]!, iso(t)]);
      await this.maybeFlush();
    }

    this.progress.setPhase('posts');
    const { categoryCounts, tagCounts } = await this.writePosts(categoryIds, tagIds);
    await this.sink.flush();
    await this.sink.setCounts('categories', 'post_count', new Map(categoryIds.map((id, i) => [id, categoryCounts[i]!])));
    await this.sink.setCounts('tags', 'post_count', new Map(tagIds.map((id, i) => [id, tagCounts[i]!])));
    this.progress.setPhase('indexes');
    this.progress.end();
    return {
      users: o.users, posts: o.posts, comments: o.comments, likes: this.likes, follows: follows.from.length,
      tags: tagIds.length, categories: categoryIds.length, password: SEED_PASSWORD, adminUsername: this.usernameOf(0),
    };
  }

  /** Who follows whom: everyone follows a few, the popular (Zipf) are followed by many. */
  private planFollows() {
    const { rng, o } = this;
    const n = o.users;
    const perUser = o.followsPerUser ?? 5;
    const from: number[] = [];
    const to: number[] = [];
    const followers = new Int32Array(n);
    const following = new Int32Array(n);
    if (n < 2) return { from, to, followers, following };
    for (let a = 0; a < n; a++) {
      const want = Math.min(n - 1, rng.lengthAround(perUser, 0.9, 0, 500));
      const chosen = new Set<number>();
      for (let tries = 0; chosen.size < want && tries < want * 4; tries++) {
        const b = this.userZipf.sample(rng);
        if (b !== a) chosen.add(b);
      }
      for (const b of chosen) {
        from.push(a);
        to.push(b);
        followers[b]! += 1;
        following[a]! += 1;
      }
    }
    return { from, to, followers, following };
  }

  private usernameOf(i: number): string {
    return i === 0 ? 'admin' : `${enWords[i % enWords.length]!}_${i}`;
  }

  private async writeUsers(passwordHash: string, followers: Int32Array, following: Int32Array): Promise<void> {
    const { rng, o } = this;
    for (let i = 0; i < o.users; i++) {
      const t = this.joinedAt(i);
      const id = ulidAt(t, rng);
      this.userIds.push(id);
      const username = this.usernameOf(i);
      const chinese = rng.chance(0.6);
      const displayName = chinese
        ? `${zhWords[rng.int(zhWords.length)]!}${zhWords[rng.int(zhWords.length)]!}`
        : `${username[0]!.toUpperCase()}${username.slice(1, username.indexOf('_') > 0 ? username.indexOf('_') : undefined)}`;
      const bio = rng.chance(0.3) ? this.text.title(chinese) : '';
      const role = i === 0 ? 'admin' : i <= 3 ? 'moderator' : 'member';
      const email = `${username}@example.test`;
      this.sink.add('users', [id, username, username.toLowerCase(), email, email.toLowerCase(), passwordHash, displayName, bio, role,
        'active', followers[i]!, following[i]!, iso(t), iso(t)]);
      this.progress.advance();
      await this.maybeFlush();
    }
  }

  /** How many of `total` events each post draws, by Zipf popularity rank, capped per post. */
  private spread(total: number, popularity: Zipf, rankToPost: Int32Array, cap: number): Int32Array {
    const counts = new Int32Array(this.o.posts);
    for (let k = 0; k < total; k++) {
      let p = rankToPost[popularity.sample(this.rng)]!;
      if (counts[p]! >= cap) p = this.rng.int(this.o.posts);
      counts[p]! += 1;
    }
    return counts;
  }

  private async writePosts(categoryIds: string[], tagIds: string[]) {
    const { rng, o } = this;
    const P = o.posts;
    const categoryCounts = new Int32Array(categoryIds.length);
    const tagCounts = new Int32Array(tagIds.length);
    if (P === 0) return { categoryCounts, tagCounts };
    // Activity grows over the year: post times have a density rising linearly to now.
    const times = new Float64Array(P);
    for (let j = 0; j < P; j++) times[j] = rng.next();
    times.sort();
    for (let j = 0; j < P; j++) times[j] = this.start + YEAR * Math.sqrt(times[j]!);

    const popularity = new Zipf(P, 0.8);
    const rankToPost = permutation(P, rng);
    const commentCounts = this.spread(o.comments, popularity, rankToPost, MAX_COMMENTS_PER_POST);
    const likeCounts = this.spread(Math.round(P * (o.likesPerPost ?? 1.5)), popularity, rankToPost, Math.max(1, Math.floor(o.users / 4)));
    const commentLikeMean = (o.likesPerPost ?? 1.5) / 10;
    const categoryZipf = new Zipf(categoryIds.length, 0.7);
    const tagZipf = new Zipf(tagIds.length, 1.0);

    const threads = new ThreadQueue();
    for (let j = 0; j < P; j++) {
      const t = times[j]!;
      await this.writeCommentsDueBefore(threads, t, commentLikeMean);
      const id = ulidAt(t, rng);
      const author = this.pickUser(t);
      const chinese = this.text.pickChinese();
      const title = this.text.title(chinese);
      const { body, html, excerpt } = renderParagraphs(this.text.postBody(chinese));
      const category = categoryZipf.sample(rng);
      categoryCounts[category]! += 1;
      const nComments = commentCounts[j]!;
      const nLikes = this.addLikes('post', id, t, likeCounts[j]!);
      const views = nComments * rng.between(3, 8) + nLikes * rng.between(2, 6) + rng.int(40);
      const kindRoll = rng.next();
      const kind = kindRoll < 0.8 ? 'discussion' : kindRoll < 0.92 ? 'question' : 'article';
      const createdAt = iso(t);
      this.sink.add('posts', [id, categoryIds[category]!, this.userIds[author]!, kind, title, body, html, excerpt, 'published',
        nLikes, nComments, views, hotScore({ likes: nLikes, comments: nComments, views }, createdAt), createdAt, createdAt]);
      const tags = new Set<number>();
      const wantTags = rng.int(4);
      for (let k = 0; k < wantTags; k++) tags.add(tagZipf.sample(rng));
      for (const tag of tags) {
        this.sink.add('post_tags', [id, tagIds[tag]!]);
        tagCounts[tag]! += 1;
      }
      if (nComments > 0) threads.push({ postId: id, times: this.replyTimes(t, nComments), next: 0, recent: [] });
      this.progress.advance();
      await this.maybeFlush();
    }
    await this.writeCommentsDueBefore(threads, Infinity, commentLikeMean);
    return { categoryCounts, tagCounts };
  }

  /** Up to `count` likes from distinct members, after time t; returns how many were written. */
  private addLikes(type: 'post' | 'comment', targetId: string, t: number, count: number): number {
    const seen = new Set<number>();
    for (let tries = 0; seen.size < count && tries < count * 6; tries++) {
      const at = t + this.rng.next() * (this.now - t);
      const u = tries < count * 3 ? this.pickUser(at) : this.rng.int(this.lastJoinedBy(at) + 1);
      if (seen.has(u)) continue;
      seen.add(u);
      this.sink.add('likes', [type, targetId, this.userIds[u]!, iso(at)]);
    }
    this.likes += seen.size;
    return seen.size;
  }

  /** When a post's `count` replies come: most within days of it, none after now; sorted. */
  private replyTimes(t: number, count: number): Float64Array {
    const { rng } = this;
    const times = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const delay = -Math.log(1 - rng.next()) * 2 * DAY;
      times[k] = t + 1000 + (delay < this.now - t - 1000 ? delay : rng.next() * (this.now - t - 1000));
    }
    return times.sort();
  }

  /** Writes every planned comment, of any thread, due before `until`, in time order. */
  private async writeCommentsDueBefore(threads: ThreadQueue, until: number, likeMean: number): Promise<void> {
    const { rng } = this;
    const pGeo = likeMean / (1 + likeMean);
    for (let thread = threads.peekBefore(until); thread; thread = threads.peekBefore(until)) {
      const ct = thread.times[thread.next]!;
      const id = ulidAt(ct, rng);
      const { recent } = thread;
      // A third reply to an earlier comment, usually one of the last few.
      const parent = recent.length > 0 && rng.chance(0.3)
        ? recent[recent.length - 1 - Math.min(recent.length - 1, Math.floor(-Math.log(1 - rng.next()) * 3))]!
        : null;
      const { body, html } = renderParagraphs(this.text.commentBody(this.text.pickChinese()));
      let wanted = 0;
      while (wanted < 1000 && rng.chance(pGeo)) wanted++;
      const likes = wanted > 0 ? this.addLikes('comment', id, ct, wanted) : 0;
      const createdAt = iso(ct);
      this.sink.add('comments', [id, thread.postId, parent, this.userIds[this.pickUser(ct)]!, body, html, 'published', likes, createdAt, createdAt]);
      recent.push(id);
      if (recent.length > RECENT_REPLIES) recent.shift();
      thread.next += 1;
      threads.advanceTop();
      this.progress.advance();
      await this.maybeFlush();
    }
  }
}

/** The size of a synthetic community on disk (SQLite file with its WAL, or the PostgreSQL database). */
export async function databaseBytes(handle: DbHandle): Promise<number> {
  if (handle.dialect === 'postgres') {
    const { rows } = await sql<{ n: string }>`select pg_database_size(current_database()) as n`.execute(handle.db);
    return Number(rows[0]!.n);
  }
  const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(handle.db);
  const { rows: size } = await sql<{ page_size: number }>`pragma page_size`.execute(handle.db);
  return rows[0]!.page_count * size[0]!.page_size;
}
