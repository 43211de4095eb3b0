/**
 * The list of modules, in dependency order. Adding a capability means adding its module here.
 */
import { activityMigrations } from '../platform/activity/index.ts';
import { outboxMigrations } from '../platform/outbox/index.ts';
import type { ModuleMigrations } from '../platform/db/index.ts';
import { accountsModule } from './accounts/index.ts';
import { contentModule } from './content/index.ts';
import { growthModule } from './growth/index.ts';
import { idempotencyMigrations } from '../platform/idempotency/index.ts';
import { searchIndexMigrations, searchModule } from './search/index.ts';
import { moderationModule } from './moderation/index.ts';
import { notificationsModule } from './notifications/index.ts';

export const allMigrations: ModuleMigrations[] = [
  activityMigrations,
  outboxMigrations,
  accountsModule.migrations,
  contentModule.migrations,
  idempotencyMigrations,
  growthModule.migrations,
  searchIndexMigrations,
  searchModule.migrations,
  moderationModule.migrations,
  notificationsModule.migrations,
];
