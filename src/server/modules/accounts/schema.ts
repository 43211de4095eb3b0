import { Type, type Static } from '@sinclair/typebox';
import { IsoTime } from '../../platform/http/index.ts';
import { roles } from '../../../common/roles.ts';

export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  level: Type.Integer(),
});
export type UserSummary = Static<typeof UserSummary>;

const publicUserFields = {
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.Union(roles.map((r) => Type.Literal(r)))),
  level: Type.Integer(),
  points: Type.Integer(),
  createdAt: IsoTime,
  counts: Type.Record(Type.String(), Type.Integer(), {
    description: 'posts, comments, followers, following, and counts other modules add',
  }),
};

export const PublicUser = Type.Object({
  ...publicUserFields,
  followedByMe: Type.Boolean(),
});
export type PublicUser = Static<typeof PublicUser>;

export const Me = Type.Object({
  ...publicUserFields,
  email: Type.String(),
  locale: Type.Union([Type.String(), Type.Null()]),
  /** Send back as x-csrf-token on unsafe requests made with the session cookie. */
  csrfToken: Type.Optional(Type.String()),
});
export type Me = Static<typeof Me>;

export const RegisterBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  inviteCode: Type.Optional(Type.String({ maxLength: 32, description: 'Invite code of the member who invited this one (growth)' })),
}, { additionalProperties: false });

export const LoginBody = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254, description: 'username or e-mail' }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
}, { additionalProperties: false });

export const TokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
}, { additionalProperties: false });

export const AccessToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: IsoTime,
  lastUsedAt: Type.Union([IsoTime, Type.Null()]),
});

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });

export const FollowEntry = Type.Object({
  user: UserSummary,
  followedAt: IsoTime,
});

export const FollowState = Type.Object({
  following: Type.Boolean(),
  followerCount: Type.Integer(),
});
