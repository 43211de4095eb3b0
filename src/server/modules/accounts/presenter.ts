import type { Selectable } from 'kysely';
import type { UsersTable } from './tables.ts';
import type { Me, PublicUser, UserSummary } from './schema.ts';

/** Filled by other modules (posts, comments, points…): numbers shown on a profile. */
export interface ProfileExtras {
  counts: Record<string, number>;
  points: number;
  level: number;
}

type UserRow = Selectable<UsersTable>;

export function presentSummary(row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'avatar_url'>, level = 1): UserSummary {
  return { id: row.id, username: row.username, displayName: row.display_name, avatarUrl: row.avatar_url, level };
}

export function presentPublic(row: UserRow, extras: ProfileExtras, followedByMe: boolean): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    bio: row.bio,
    avatarUrl: row.avatar_url,
    roles: [row.role],
    level: extras.level,
    points: extras.points,
    createdAt: row.created_at,
    counts: { followers: row.follower_count, following: row.following_count, ...extras.counts },
    followedByMe,
  };
}

export function presentMe(row: UserRow, extras: ProfileExtras, csrfToken?: string): Me {
  const { followedByMe: _ignored, ...pub } = presentPublic(row, extras, false);
  return { ...pub, email: row.email, locale: row.locale, ...(csrfToken ? { csrfToken } : {}) };
}
