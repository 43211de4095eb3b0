import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ulid } from 'ulidx';
import { recordActivity } from '../../platform/activity/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { excerptOf, renderMarkdown } from '../../platform/markdown/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import { hotScore } from '../content/index.ts';
import { DAY, type Plan } from './plan.ts';
import { Rng } from './random.ts';
import { boards } from './templates.ts';

export interface Written {
  admin: { username: string; password: string };
  memberPassword: string;
  /** One demo member's username, to try the shared password with. */
  memberExample: string;
  userIds: string[];
  adminId: string;
  postIds: string[];
  postAuthors: string[];
  commentIds: string[];
  counts: { members: number; categories: number; posts: number; comments: number; likes: number; follows: number };
}

const iso = (t: number) => new Date(t).toISOString();

/** A password nobody guesses, that passes the registration rules. */
function password(): string {
  return `demo-${randomBytes(12).toString('base64url')}`;
}

async function insertBatched<T extends keyof Database & string>(trx: Kysely<Database>, table: T, rows: Database[T][], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await trx.insertInto(table).values(rows.slice(i, i + size) as any).execute();
  }
}

/** A username not taken yet: the plan's own, or with a number after it on a site with data. */
async function freeUsername(db: Kysely<Database>, wanted: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? wanted : `${wanted}${n}`;
    const taken = await db.selectFrom('users').select('id').where('username_lower', '=', name.toLowerCase()).executeTakeFirst();
    if (!taken) return name;
  }
}

async function createThroughService(accounts: AccountsService, username: string, role: 'admin' | 'member' | 'moderator' | 'operator', pw: string): Promise<string> {
  const created = await accounts.createUser({ username, email: `${username.toLowerCase()}@demo.example.com`, password: pw, role });
  if (!created.ok) throw new Error(`could not create ${username}: ${created.key}`);
  return created.value.id;
}

/**
 * Writes the plan in one transaction. Two accounts go through the accounts service (so their
 * password hashes are real); the other members reuse the first one's hash, so the whole demo
 * costs two argon2 hashes and every demo member signs in with one shared password.
 */
export async function writePlan(ctx: ModuleContext, accounts: AccountsService, plan: Plan, now: number): Promise<Written> {
  const ids = new Rng(`${now}`);
  const idAt = (t: number) => ulid(t, () => ids.next());
  const siteOrigin = new URL(ctx.config.baseUrl).origin;
  const memberPassword = password();
  const adminPassword = password();
  const adminName = await freeUsername(ctx.db, 'admin');
  const usernames: string[] = [];
  for (const m of plan.members) usernames.push(await freeUsername(ctx.db, m.username));
  const firstId = await createThroughService(accounts, usernames[0]!, plan.members[0]!.role, memberPassword);
  const adminId = await createThroughService(accounts, adminName, 'admin', adminPassword);
  const { password_hash: sharedHash } = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', firstId).executeTakeFirstOrThrow();

  const userIds = plan.members.map((m, i) => (i === 0 ? firstId : idAt(m.joinedAt)));
  const start = now - 60 * DAY;
  const eventsBoard = boards.findIndex((b) => b.slug === 'huodong');
  // The newest two announcements are the admin's, so the admin's inbox has replies in it.
  const adminPosts = new Set(plan.posts.map((p, i) => (p.board === eventsBoard ? i : -1)).filter((i) => i >= 0).slice(-2));
  const postAuthors = plan.posts.map((p, i) => (adminPosts.has(i) ? adminId : userIds[p.author]!));
  const postIds = plan.posts.map((p) => idAt(p.at));
  const commentIds = plan.comments.map((c) => idAt(c.at));
  const follows = [...plan.follows.map((f) => ({ follower: userIds[f.follower]!, followee: userIds[f.followee]!, at: f.at }))];
  for (const [i, m] of plan.members.entries()) {
    if (i % 3 === 0) follows.push({ follower: userIds[i]!, followee: adminId, at: Math.min(now - 60_000, m.joinedAt + DAY) });
  }

  const postLikes = plan.posts.map(() => 0);
  const commentLikes = plan.comments.map(() => 0);
  for (const l of plan.likes) (l.target === 'post' ? postLikes : commentLikes)[l.index]! += 1;
  const postComments = plan.posts.map(() => 0);
  for (const c of plan.comments) postComments[c.post]! += 1;
  const followers = new Map<string, number>();
  const following = new Map<string, number>();
  for (const f of follows) {
    followers.set(f.followee, (followers.get(f.followee) ?? 0) + 1);
    following.set(f.follower, (following.get(f.follower) ?? 0) + 1);
  }
  const viewRng = new Rng(`views-${plan.posts.length}`);

  let categoryCount = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const profile = (i: number) => ({
      display_name: plan.members[i]!.displayName, bio: plan.members[i]!.bio,
      follower_count: followers.get(userIds[i]!) ?? 0, following_count: following.get(userIds[i]!) ?? 0,
      created_at: iso(plan.members[i]!.joinedAt), updated_at: iso(plan.members[i]!.joinedAt),
    });
    await trx.updateTable('users').set(profile(0)).where('id', '=', firstId).execute();
    await trx.updateTable('users').set({
      display_name: '炉边管理员', bio: '社区管理员，有问题请到产品反馈版块留言。',
      follower_count: followers.get(adminId) ?? 0, created_at: iso(start), updated_at: iso(start),
    }).where('id', '=', adminId).execute();
    await insertBatched(trx, 'users', plan.members.slice(1).map((m, k) => {
      const i = k + 1;
      return {
        id: userIds[i]!, username: usernames[i]!, username_lower: usernames[i]!.toLowerCase(),
        email: `${usernames[i]!.toLowerCase()}@demo.example.com`, email_lower: `${usernames[i]!.toLowerCase()}@demo.example.com`,
        password_hash: sharedHash, avatar_url: null, role: m.role, status: 'active' as const, locale: 'zh-CN', ...profile(i),
      };
    }));
    for (const [i, m] of plan.members.entries()) {
      if (i === 0) continue;
      await recordActivity(trx, { actorId: userIds[i]!, verb: 'accounts.user.registered', subjectType: 'user', subjectId: userIds[i]!, at: iso(m.joinedAt) });
    }

    const categoryIds: string[] = [];
    const maxPosition = await trx.selectFrom('categories').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
    for (const [i, b] of boards.entries()) {
      const existing = await trx.selectFrom('categories').select('id').where('slug', '=', b.slug).executeTakeFirst();
      if (existing) { categoryIds.push(existing.id); continue; }
      const id = idAt(start - (boards.length - i) * 60_000);
      await trx.insertInto('categories').values({
        id, slug: b.slug, name: b.name, description: b.description, position: Number(maxPosition?.p ?? 0) + i + 1, post_count: 0, created_at: iso(start),
      }).execute();
      await recordActivity(trx, { actorId: adminId, verb: 'content.category.created', subjectType: 'category', subjectId: id, at: iso(start) });
      categoryIds.push(id);
      categoryCount += 1;
    }

    await insertBatched(trx, 'posts', plan.posts.map((p, i) => {
      const views = postLikes[i]! * viewRng.int(4, 12) + postComments[i]! * viewRng.int(2, 6) + viewRng.int(8, 90);
      return {
        id: postIds[i]!, category_id: categoryIds[p.board]!, author_id: postAuthors[i]!, kind: p.kind, title: p.title, body: p.body,
        body_html: renderMarkdown(p.body, { siteOrigin }), excerpt: excerptOf(p.body), status: 'published' as const,
        like_count: postLikes[i]!, comment_count: postComments[i]!, view_count: views,
        hot_score: hotScore({ likes: postLikes[i]!, comments: postComments[i]!, views }, iso(p.at)),
        created_at: iso(p.at), updated_at: iso(p.at), edited_at: null, deleted_at: null,
      };
    }));
    for (const [i, p] of plan.posts.entries()) {
      await recordActivity(trx, { actorId: postAuthors[i]!, verb: 'content.post.created', subjectType: 'post', subjectId: postIds[i]!, at: iso(p.at) });
    }
    const perCategory = new Map<string, number>();
    for (const p of plan.posts) perCategory.set(categoryIds[p.board]!, (perCategory.get(categoryIds[p.board]!) ?? 0) + 1);
    for (const [id, n] of perCategory) {
      await trx.updateTable('categories').set((eb) => ({ post_count: eb('post_count', '+', n) })).where('id', '=', id).execute();
    }

    const tagNames = [...new Set(plan.posts.flatMap((p) => p.tags))];
    for (const name of tagNames) {
      await trx.insertInto('tags').values({ id: idAt(start), name, slug: name.toLowerCase(), post_count: 0, created_at: iso(start) })
        .onConflict((oc) => oc.column('slug').doNothing()).execute();
    }
    const tagRows = tagNames.length ? await trx.selectFrom('tags').select(['id', 'slug']).where('slug', 'in', tagNames.map((t) => t.toLowerCase())).execute() : [];
    const tagId = new Map(tagRows.map((t) => [t.slug, t.id]));
    const postTags = plan.posts.flatMap((p, i) => p.tags.map((t) => ({ post_id: postIds[i]!, tag_id: tagId.get(t.toLowerCase())! })));
    await insertBatched(trx, 'post_tags', postTags);
    const perTag = new Map<string, number>();
    for (const pt of postTags) perTag.set(pt.tag_id, (perTag.get(pt.tag_id) ?? 0) + 1);
    for (const [id, n] of perTag) await trx.updateTable('tags').set((eb) => ({ post_count: eb('post_count', '+', n) })).where('id', '=', id).execute();

    await insertBatched(trx, 'comments', plan.comments.map((c, i) => ({
      id: commentIds[i]!, post_id: postIds[c.post]!, parent_id: c.parent === null ? null : commentIds[c.parent]!, author_id: userIds[c.author]!,
      body: c.body, body_html: renderMarkdown(c.body, { siteOrigin }), status: 'published' as const, like_count: commentLikes[i]!,
      created_at: iso(c.at), updated_at: iso(c.at), edited_at: null, deleted_at: null,
    })));
    for (const [i, c] of plan.comments.entries()) {
      await recordActivity(trx, { actorId: userIds[c.author]!, verb: 'content.comment.created', subjectType: 'comment', subjectId: commentIds[i]!, at: iso(c.at) });
    }

    await insertBatched(trx, 'likes', plan.likes.map((l) => ({
      target_type: l.target, target_id: l.target === 'post' ? postIds[l.index]! : commentIds[l.index]!, user_id: userIds[l.member]!, created_at: iso(l.at),
    })));
    for (const l of plan.likes) {
      const subjectId = l.target === 'post' ? postIds[l.index]! : commentIds[l.index]!;
      await recordActivity(trx, { actorId: userIds[l.member]!, verb: 'content.like.added', subjectType: l.target, subjectId, at: iso(l.at) });
    }

    await insertBatched(trx, 'follows', follows.map((f) => ({ follower_id: f.follower, followee_id: f.followee, created_at: iso(f.at) })));
    for (const f of follows) {
      await recordActivity(trx, { actorId: f.follower, verb: 'accounts.user.followed', subjectType: 'user', subjectId: f.followee, at: iso(f.at) });
    }
  });

  return {
    admin: { username: adminName, password: adminPassword },
    memberPassword,
    memberExample: usernames[0]!,
    userIds,
    adminId,
    postIds,
    postAuthors,
    commentIds,
    counts: {
      members: plan.members.length, categories: categoryCount, posts: plan.posts.length, comments: plan.comments.length,
      likes: plan.likes.length, follows: follows.length,
    },
  };
}
