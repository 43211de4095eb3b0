/**
 * Whether a member may write at all, before anything looks at what they wrote: a silence
 * stops everyone; growth levels limit new members' links and posts per day (staff exempt).
 */
import { isStaff, type Role } from '../../../common/roles.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { TextCheckInput } from '../content/index.ts';
import type { Privileges } from '../growth/index.ts';
import { silencedUntil } from './sanctions.ts';

/** The growth system's view of a member (growth's `levelOf`). */
export interface LevelSource {
  levelOf(userId: string): Promise<{ number: number; privileges: Privileges }>;
}

export interface Refusal {
  key: string;
  params?: Record<string, string | number>;
}

// Scheme links, www. addresses, markdown links and autolinks: what renders as a clickable link.
const LINK = /(?:\b(?:https?|ftp):\/\/|\bwww\.[^\s.]+\.|\bmailto:|\]\s*\(\s*[^)\s]|<[a-z][a-z0-9+.-]*:[^>\s]+>)/i;

export function containsLink(text: string): boolean {
  return LINK.test(text.normalize('NFKC'));
}

export interface StandingDeps {
  ctx: ModuleContext;
  levels?: LevelSource;
  /** Off, only the silence applies. */
  limits: boolean;
}

export function createStandingCheck(deps: StandingDeps) {
  const { db } = deps.ctx;
  return async (input: TextCheckInput): Promise<Refusal | null> => {
    const until = await silencedUntil(db, input.authorId);
    if (until) return { key: 'moderation.silenced', params: { until } };
    if (!deps.limits || !deps.levels) return null;
    const role = input.authorRole ?? (await db.selectFrom('users').select('role').where('id', '=', input.authorId).executeTakeFirst())?.role;
    if (!role || isStaff(role as Role)) return null;
    const { number: level, privileges } = await deps.levels.levelOf(input.authorId);
    if (!privileges.canPostLinks && Object.values(input.fields).some((t) => t !== undefined && containsLink(t))) {
      return { key: 'moderation.linksNotAllowed', params: { level } };
    }
    if (input.kind === 'post' && input.targetId === undefined) {
      // Every post of the last day counts, deleted ones too, so deleting does not refill the allowance.
      const since = new Date(Date.now() - 86_400_000).toISOString();
      const written = await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('author_id', '=', input.authorId).where('created_at', '>', since).executeTakeFirstOrThrow();
      if (Number(written.n) >= privileges.dailyPostLimit) {
        return { key: 'moderation.dailyPostLimit', params: { limit: privileges.dailyPostLimit, level } };
      }
    }
    return null;
  };
}
