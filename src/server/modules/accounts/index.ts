import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import * as init from './migrations/20261126T0710_accounts_init.ts';
import * as followingIndex from './migrations/20261126T0920_accounts_following_index.ts';
import { accountsRoutes } from './routes.ts';
import { AccountsService } from './service.ts';
import { SessionService } from './sessions.ts';
import './messages.ts';
import './tables.ts';

declare module '../../platform/bus/index.ts' {
  interface HearthEvents {
    'accounts.user.registered': { userId: string; username: string; inviteCode?: string | null };
    'accounts.user.followed': { followerId: string; followeeId: string };
    /** Display name or bio changed: search re-indexes the member, growth re-checks tasks. */
    'accounts.profile.updated': { userId: string };
  }
}

export const accountsModule: ModuleDefinition = {
  name: 'accounts',
  migrations: { '20261126T0710_accounts_init': init, '20261126T0920_accounts_following_index': followingIndex },
};

export function createAccounts(ctx: ModuleContext) {
  const service = new AccountsService(ctx);
  const sessions = new SessionService(ctx);
  return { service, sessions, routes: accountsRoutes(service, sessions) };
}

export type { AccountsService, LevelSource, NewUser, ProfileExtension, ProfileTextCheck } from './service.ts';
export { UserSummary } from './schema.ts';
