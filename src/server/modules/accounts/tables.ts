import type { Role } from '../../../common/roles.ts';

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: uniqueness and lookups ignore case. */
  username_lower: string;
  email: string;
  email_lower: string;
  password_hash: string;
  display_name: string;
  bio: string;
  avatar_url: string | null;
  role: Role;
  status: 'active' | 'suspended';
  locale: string | null;
  follower_count: number;
  following_count: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the session token; the token itself is only ever in the member's cookie. */
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface FollowsTable {
  follower_id: string;
  followee_id: string;
  created_at: string;
}

declare module '../../platform/db/index.ts' {
  interface Database {
    users: UsersTable;
    sessions: SessionsTable;
    access_tokens: AccessTokensTable;
    follows: FollowsTable;
  }
}
