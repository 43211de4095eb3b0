import { can, type Permission, type Role } from '../../common/roles.ts';

/** The console's pages, grouped by who may use them (the server enforces the same permissions). */
export const SECTIONS = [
  { name: 'queue', group: 'moderation', permission: 'moderation.review' },
  { name: 'words', group: 'moderation', permission: 'moderation.review' },
  { name: 'models', group: 'moderation', permission: 'moderation.review' },
  { name: 'audit', group: 'moderation', permission: 'moderation.review' },
  { name: 'rules', group: 'growth', permission: 'growth.manage' },
  { name: 'levels', group: 'growth', permission: 'growth.manage' },
  { name: 'badges', group: 'growth', permission: 'growth.manage' },
  { name: 'grants', group: 'growth', permission: 'growth.manage' },
  { name: 'mall', group: 'growth', permission: 'growth.manage' },
  { name: 'orders', group: 'growth', permission: 'growth.manage' },
  { name: 'lotteries', group: 'growth', permission: 'growth.manage' },
] as const satisfies readonly { name: string; group: 'moderation' | 'growth'; permission: Permission }[];

export type SectionName = (typeof SECTIONS)[number]['name'];

export function allowedSections(roles: readonly string[]) {
  return SECTIONS.filter((s) => roles.some((r) => can(r as Role, s.permission)));
}
