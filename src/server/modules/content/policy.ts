import { can } from '../../../common/roles.ts';
import type { Actor } from '../../platform/http/index.ts';
import type { ContentStatus } from './tables.ts';

interface Owned {
  author_id: string;
  status: ContentStatus;
}

/** Who may see a post or comment. Deleted content is gone for everyone; pending content is
 * seen by its author and moderators; hidden content by moderators only. Everyone else gets
 * 404, so outsiders cannot even tell it exists. */
export function canSee(actor: Actor | null, item: Owned): boolean {
  switch (item.status) {
    case 'published': return true;
    case 'pending': return !!actor && (actor.userId === item.author_id || can(actor.role, 'content.moderate'));
    case 'hidden': return !!actor && can(actor.role, 'content.moderate');
    case 'deleted': return false;
  }
}

export function canEdit(actor: Actor | null, item: Owned): boolean {
  return !!actor && (actor.userId === item.author_id || can(actor.role, 'content.moderate'));
}
