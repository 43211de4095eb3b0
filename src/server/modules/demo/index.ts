/**
 * `hearth demo`: fills an empty site with a believable Chinese-language community (members,
 * boards, posts, replies, likes, follows, notifications) spread over the last 60 days, so a
 * new install has something to look at. Content comes from templates and word lists in this
 * folder; the same --seed writes the same community.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openAndMigrate } from '../../app.ts';
import type { Config } from '../../platform/config/index.ts';
import { createModuleContext, type ModuleContext } from '../../platform/module.ts';
import { createAccounts } from '../accounts/index.ts';
import { createNotifications } from '../notifications/index.ts';
import { reindexSearch } from '../search/index.ts';
import { DAY, makePlan } from './plan.ts';
import { writePlan, type Written } from './write.ts';

export const DEFAULT_SEED = 'hearth';

export interface DemoOptions {
  seed?: string;
  /** Add the demo to a site that already has members or posts. */
  force?: boolean;
  now?: number;
}

export type DemoResult =
  | { ok: true; written: Written; notifications: number }
  | { ok: false; reason: 'notEmpty'; users: number; posts: number };

/** Notifications are made for what happened in the last few days, as members would have
 * seen them arrive; older activity is history nobody is told about any more. */
const NOTIFY_DAYS = 4;

async function siteCounts(ctx: ModuleContext): Promise<{ users: number; posts: number }> {
  const count = async (table: 'users' | 'posts') => Number((await ctx.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), posts: await count('posts') };
}

export async function generateDemo(ctx: ModuleContext, options: DemoOptions = {}): Promise<DemoResult> {
  const counts = await siteCounts(ctx);
  if (!options.force && (counts.users > 0 || counts.posts > 0)) return { ok: false, reason: 'notEmpty', ...counts };
  const now = options.now ?? Date.now();
  const plan = makePlan({ seed: options.seed ?? DEFAULT_SEED, now });
  const { service: accounts } = createAccounts(ctx);
  // Notifications are the notifications module's to write: it hears the same events the
  // live site would publish, for the recent part of the history.
  const notifications = createNotifications(ctx, { accounts, mailer: { send: async () => {}, close: () => {} } });
  const written = await writePlan(ctx, accounts, plan, now);
  const since = now - NOTIFY_DAYS * DAY;
  const { bus } = ctx;
  const events: (() => void)[] = [];
  for (const [i, c] of plan.comments.entries()) {
    if (c.at < since) continue;
    const parentAuthor = c.parent === null ? null : written.userIds[plan.comments[c.parent]!.author]!;
    events.push(() => bus.publish('content.comment.created', {
      commentId: written.commentIds[i]!, postId: written.postIds[c.post]!, authorId: written.userIds[c.author]!,
      postAuthorId: written.postAuthors[c.post]!, parentId: c.parent === null ? null : written.commentIds[c.parent]!, parentAuthorId: parentAuthor,
    }));
  }
  for (const l of plan.likes) {
    if (l.at < since) continue;
    const [targetId, ownerId] = l.target === 'post'
      ? [written.postIds[l.index]!, written.postAuthors[l.index]!]
      : [written.commentIds[l.index]!, written.userIds[plan.comments[l.index]!.author]!];
    events.push(() => bus.publish('content.like.added', { targetType: l.target, targetId, userId: written.userIds[l.member]!, ownerId }));
  }
  for (const f of plan.follows) {
    if (f.at < since) continue;
    events.push(() => bus.publish('accounts.user.followed', { followerId: written.userIds[f.follower]!, followeeId: written.userIds[f.followee]! }));
  }
  // One event at a time: hundreds of handlers at once would queue for the database pool.
  for (const send of events) {
    send();
    await bus.idle();
  }
  notifications.stop();
  await reindexSearch(ctx);
  const made = await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ok: true, written, notifications: Number(made.n) };
}

/** `hearth demo [--seed S] [--force]`; returns the process exit code. */
export async function runDemoCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { seed: { type: 'string', default: DEFAULT_SEED }, force: { type: 'boolean', default: false } } });
  const handle = await openAndMigrate(config);
  const log = pino({ level: 'warn' });
  try {
    const started = Date.now();
    const result = await generateDemo(createModuleContext(handle, config, log), { seed: values.seed, force: values.force });
    if (!result.ok) {
      console.error(`the site already has ${result.users} members and ${result.posts} posts; `
        + 'run `hearth demo --force` to add the demo community to it anyway');
      return 1;
    }
    const { counts, admin, memberPassword, memberExample } = result.written;
    console.log([
      `demo community written in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.members} members, ${counts.categories} boards, `
        + `${counts.posts} posts, ${counts.comments} comments, ${counts.likes} likes, ${counts.follows} follows, ${result.notifications} notifications`,
      '',
      `  admin:     ${admin.username}`,
      `  password:  ${admin.password}`,
      `  sign in at ${config.baseUrl}`,
      '',
      `Every demo member (e.g. ${memberExample}) signs in with the password ${memberPassword}`,
    ].join('\n'));
    return 0;
  } finally {
    await handle.close();
  }
}
