import type { Selectable } from 'kysely';
import type { Role } from '../../../common/roles.ts';
import { recordActivity } from '../../platform/activity/index.ts';
import { isUniqueViolation, newId, nowIso } from '../../platform/db/index.ts';
import { splitPage, decodeCursor, fail, invalidField, ok, type Failure, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { presentMe, presentPublic, presentSummary, type ProfileExtras } from './presenter.ts';
import type { Me, PublicUser, UserSummary } from './schema.ts';
import type { UsersTable } from './tables.ts';
import { ACCESS_TOKEN_PREFIX, hashToken, newSecretToken } from './tokens.ts';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/;

export type ProfileExtension = (userId: string) => Promise<Partial<ProfileExtras>>;
/** Gives the level of each of many members (shown beside their posts and comments). */
export type LevelSource = (userIds: string[]) => Promise<Map<string, number>>;
/** Looks at a text a member chose for their profile (username, display name, bio); a
 * failure refuses it. */
export type ProfileTextCheck = (field: string, text: string) => Promise<Failure | null>;

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role?: Role;
  /** Passed on in accounts.user.registered; the growth module credits the inviter. */
  inviteCode?: string;
}

export class AccountsService {
  private readonly profileExtensions: ProfileExtension[] = [];
  private levelSource: LevelSource | undefined;
  private readonly profileTextChecks: ProfileTextCheck[] = [];

  constructor(private readonly ctx: ModuleContext) {}

  /** Other modules add what a profile shows (post counts, points, level) without accounts
   * knowing about them. */
  extendProfiles(extension: ProfileExtension): void {
    this.profileExtensions.push(extension);
  }

  /** The growth system says which level members are at; without it everyone is level 1. */
  extendSummaries(source: LevelSource): void {
    this.levelSource = source;
  }

  /** Other modules (moderation) refuse profile texts without accounts knowing their rules. */
  checkProfileTexts(check: ProfileTextCheck): void {
    this.profileTextChecks.push(check);
  }

  /** Another module's refusal of a text a member wants on their profile, if any. */
  refusedProfileText(field: string, text: string): Promise<Failure | null> {
    return this.refusedText(field, text);
  }

  private async refusedText(field: string, text: string): Promise<Failure | null> {
    for (const check of this.profileTextChecks) {
      const failure = await check(field, text);
      if (failure) return failure;
    }
    return null;
  }

  async createUser(input: NewUser): Promise<Result<Selectable<UsersTable>>> {
    const username = input.username.trim();
    const email = input.email.trim();
    if (!USERNAME.test(username)) return invalidField('username', 'accounts.usernameRule');
    const refused = await this.refusedText('username', username);
    if (refused) return refused;
    const weak = checkPassword(input.password, username);
    if (weak) return weak;
    const taken = await this.takenField(username, email);
    if (taken) return taken;
    const passwordHash = await hashPassword(input.password);
    const now = nowIso();
    const row = {
      id: newId(),
      username,
      username_lower: username.toLowerCase(),
      email,
      email_lower: email.toLowerCase(),
      password_hash: passwordHash,
      display_name: username,
      bio: '',
      avatar_url: null,
      role: input.role ?? 'member',
      status: 'active' as const,
      locale: null,
      follower_count: 0,
      following_count: 0,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.ctx.outbox.transaction(async (trx, emit) => {
        await trx.insertInto('users').values(row).execute();
        await recordActivity(trx, { actorId: row.id, verb: 'accounts.user.registered', subjectType: 'user', subjectId: row.id });
        emit('accounts.user.registered', { userId: row.id, username: row.username, inviteCode: input.inviteCode ?? null });
      });
    } catch (error) {
      // Two registrations raced for the same name: the unique index decides, we report it.
      if (isUniqueViolation(error)) return (await this.takenField(username, email)) ?? fail('conflict', 'accounts.usernameTaken');
      throw error;
    }
    return ok(row);
  }

  private async takenField(username: string, email: string): Promise<Failure | null> {
    const existing = await this.ctx.db.selectFrom('users')
      .select(['username_lower', 'email_lower'])
      .where((eb) => eb.or([eb('username_lower', '=', username.toLowerCase()), eb('email_lower', '=', email.toLowerCase())]))
      .execute();
    if (existing.some((u) => u.username_lower === username.toLowerCase())) {
      return fail('conflict', 'accounts.usernameTaken', undefined, { errors: [{ field: 'username', key: 'accounts.usernameTaken' }] });
    }
    if (existing.length > 0) {
      return fail('conflict', 'accounts.emailTaken', undefined, { errors: [{ field: 'email', key: 'accounts.emailTaken' }] });
    }
    return null;
  }

  findByUsername(username: string) {
    return this.ctx.db.selectFrom('users').selectAll().where('username_lower', '=', username.toLowerCase()).executeTakeFirst();
  }

  findById(id: string) {
    return this.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private async extras(userId: string): Promise<ProfileExtras> {
    const result: ProfileExtras = { counts: {}, points: 0, level: 1 };
    for (const part of await Promise.all(this.profileExtensions.map((ext) => ext(userId)))) {
      Object.assign(result.counts, part.counts ?? {});
      if (part.points !== undefined) result.points = part.points;
      if (part.level !== undefined) result.level = part.level;
    }
    return result;
  }

  async me(userId: string, csrfToken?: string): Promise<Result<Me>> {
    const row = await this.findById(userId);
    if (!row) return fail('notFound', 'accounts.userNotFound');
    return ok(presentMe(row, await this.extras(userId), csrfToken));
  }

  async profile(username: string, viewerId: string | undefined): Promise<Result<PublicUser>> {
    const row = await this.findByUsername(username);
    if (!row || row.status !== 'active') return fail('notFound', 'accounts.userNotFound');
    const followed = viewerId
      ? await this.ctx.db.selectFrom('follows').select('follower_id')
        .where('follower_id', '=', viewerId).where('followee_id', '=', row.id).executeTakeFirst()
      : undefined;
    return ok(presentPublic(row, await this.extras(row.id), followed !== undefined));
  }

  /** Authors and other people shown beside content, loaded in one query. */
  async summaries(ids: string[]): Promise<Map<string, UserSummary>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const [rows, levels] = await Promise.all([
      this.ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'avatar_url']).where('id', 'in', unique).execute(),
      this.levelSource?.(unique),
    ]);
    return new Map(rows.map((r) => [r.id, presentSummary(r, levels?.get(r.id) ?? 1)]));
  }

  async setFollow(followerId: string, username: string, follow: boolean): Promise<Result<{ following: boolean; followerCount: number }>> {
    const target = await this.findByUsername(username);
    if (!target || target.status !== 'active') return fail('notFound', 'accounts.userNotFound');
    if (target.id === followerId) return fail('unprocessable', 'accounts.cannotFollowSelf');
    await this.ctx.outbox.transaction(async (trx, emit) => {
      let delta = 0;
      if (follow) {
        const inserted = await trx.insertInto('follows')
          .values({ follower_id: followerId, followee_id: target.id, created_at: nowIso() })
          .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
          .executeTakeFirst();
        delta = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 ? 1 : 0;
      } else {
        const deleted = await trx.deleteFrom('follows')
          .where('follower_id', '=', followerId).where('followee_id', '=', target.id)
          .executeTakeFirst();
        delta = Number(deleted.numDeletedRows) > 0 ? -1 : 0;
      }
      if (delta !== 0) {
        await trx.updateTable('users').set((eb) => ({ follower_count: eb('follower_count', '+', delta) })).where('id', '=', target.id).execute();
        await trx.updateTable('users').set((eb) => ({ following_count: eb('following_count', '+', delta) })).where('id', '=', followerId).execute();
        await recordActivity(trx, {
          actorId: followerId, verb: follow ? 'accounts.user.followed' : 'accounts.user.unfollowed', subjectType: 'user', subjectId: target.id,
        });
      }
      if (delta > 0) emit('accounts.user.followed', { followerId, followeeId: target.id });
    });
    const fresh = await this.findById(target.id);
    return ok({ following: follow, followerCount: fresh?.follower_count ?? 0 });
  }

  /** Followers (or followed members) of a member, most recent first. */
  async follows(username: string, direction: 'followers' | 'following', limit: number, cursor: string | undefined) {
    const target = await this.findByUsername(username);
    if (!target || target.status !== 'active') return fail('notFound', 'accounts.userNotFound');
    const [mine, theirs] = direction === 'followers' ? ['followee_id', 'follower_id'] as const : ['follower_id', 'followee_id'] as const;
    const after = decodeCursor(cursor, ['string', 'string']);
    let q = this.ctx.db.selectFrom('follows').select([`${theirs} as other_id`, 'created_at']).where(mine, '=', target.id);
    if (after) q = q.where((eb) => eb(eb.refTuple('created_at', theirs), '<', eb.tuple(after[0], after[1])));
    const rows = await q.orderBy('created_at', 'desc').orderBy(theirs, 'desc').limit(limit + 1).execute();
    const { pageRows, nextCursor } = splitPage(rows, limit, (r) => [r.created_at, r.other_id]);
    const people = await this.summaries(pageRows.map((r) => r.other_id));
    return ok({
      items: pageRows.flatMap((r) => {
        const user = people.get(r.other_id);
        return user ? [{ user, followedAt: r.created_at }] : [];
      }),
      nextCursor,
    });
  }

  async createAccessToken(userId: string, name: string): Promise<{ id: string; token: string }> {
    const token = newSecretToken(ACCESS_TOKEN_PREFIX);
    const id = newId();
    await this.ctx.db.insertInto('access_tokens').values({
      id, user_id: userId, name, token_hash: hashToken(token), created_at: nowIso(), last_used_at: null,
    }).execute();
    return { id, token };
  }

  listAccessTokens(userId: string) {
    return this.ctx.db.selectFrom('access_tokens').select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId).orderBy('id', 'desc').limit(100).execute();
  }

  async deleteAccessToken(userId: string, id: string): Promise<Result<null>> {
    const deleted = await this.ctx.db.deleteFrom('access_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0 ? ok(null) : fail('notFound', 'accounts.tokenNotFound');
  }
}
