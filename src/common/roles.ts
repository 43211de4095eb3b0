/** Roles and what each may do. Shared by the server (enforcement) and the web app (what to show). */
export const roles = ['admin', 'operator', 'moderator', 'member'] as const;
export type Role = (typeof roles)[number];

export const permissions = {
  /** Create and edit categories (板块). */
  'categories.manage': ['admin'],
  /** Edit, hide or delete anyone's content. */
  'content.moderate': ['admin', 'moderator'],
  /** Review queue, sensitive words, reports, classifier versions and the moderation audit log. */
  'moderation.review': ['admin', 'moderator'],
  /** Configure the growth system: rules, levels, badges, grants, mall items and orders, lotteries. */
  'growth.manage': ['admin', 'operator'],
  /** Read operational metrics. */
  'metrics.read': ['admin', 'operator'],
  /** Edit the search dictionary (custom words for Chinese segmentation). */
  'search.manage': ['admin'],
  /** Manage accounts and roles. */
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function isStaff(role: Role): boolean {
  return role !== 'member';
}
