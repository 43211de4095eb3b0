import type { ModuleContext, ModuleDefinition } from '../../platform/module.ts';
import type { AccountsService } from '../accounts/index.ts';
import * as init from './migrations/20261126T0800_growth_init.ts';
import { growthRoutes } from './routes.ts';
import { GrowthService } from './service.ts';
import { shopRoutes } from './shop-routes.ts';
import './messages.ts';
import './tables.ts';

export const growthModule: ModuleDefinition = {
  name: 'growth',
  migrations: { '20261126T0800_growth_init': init },
};

/**
 * The growth system: points ledger, earning rules, levels, badges, check-in, tasks,
 * leaderboards, the points mall, lotteries and invitations.
 */
export function createGrowth(ctx: ModuleContext, deps: { accounts: AccountsService }) {
  const service = new GrowthService(ctx);
  service.subscribe();
  // Profiles show real points (the balance) and the level.
  deps.accounts.extendProfiles(async (userId) => {
    const summary = await service.summary(userId, 'zh-CN');
    return { points: summary.balance, level: summary.level.number };
  });
  // Authors beside posts and comments show their level too.
  deps.accounts.extendSummaries((userIds) => service.levelNumbers(userIds));
  return {
    service,
    /** A member's level and privileges (canPostLinks, canCreateGroups, canCreateEvents,
     * dailyPostLimit, flagWeight), for any module that gates on them. */
    levelOf: (userId: string) => service.levelOf(userId),
    /** For modules that own featured posts or accepted answers: awards the rule once per subject. */
    award: (userId: string, action: 'featured_post' | 'accepted_answer', subjectKey: string) =>
      service.earning.award({ userId, action, key: `${action}:${subjectKey}`, boards: action === 'accepted_answer' ? [{ board: 'answers', delta: 1 }] : [] }),
    routes: growthRoutes(service),
    shopRoutes: shopRoutes(),
  };
}

export type { MemberLevel } from './service.ts';
export type { Privileges } from './config.ts';
