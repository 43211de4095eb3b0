import { randomBytes } from 'node:crypto';
import { isUniqueViolation, nowIso } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { Earning } from './earning.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newCode(): string {
  return [...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/**
 * Invitations: each member has one code; a registration that names it records the inviter,
 * and the inviter is paid only when the invitee first posts or comments (real activity), under
 * the invite rule's daily cap.
 */
export class Invites {
  constructor(private readonly ctx: ModuleContext, private readonly earning: Earning) {}

  async codeOf(userId: string): Promise<string> {
    for (;;) {
      const existing = await this.ctx.db.selectFrom('invite_codes').select('code').where('user_id', '=', userId).executeTakeFirst();
      if (existing) return existing.code;
      try {
        await this.ctx.db.insertInto('invite_codes').values({ user_id: userId, code: newCode(), created_at: nowIso() })
          .onConflict((oc) => oc.column('user_id').doNothing()).execute();
      } catch (error) {
        // A code collision (32^8 space): try another.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  async recordInvitee(inviteeId: string, code: string): Promise<void> {
    const owner = await this.ctx.db.selectFrom('invite_codes').select('user_id').where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
    if (!owner || owner.user_id === inviteeId) return;
    await this.ctx.db.insertInto('invitations').values({ invitee_id: inviteeId, inviter_id: owner.user_id, created_at: nowIso(), rewarded_at: null })
      .onConflict((oc) => oc.column('invitee_id').doNothing()).execute();
  }

  /** Called on every post and comment; pays the inviter the first time only. */
  async onActivity(userId: string): Promise<void> {
    const invitation = await this.ctx.db.selectFrom('invitations').select('inviter_id')
      .where('invitee_id', '=', userId).where('rewarded_at', 'is', null).executeTakeFirst();
    if (!invitation) return;
    await this.earning.award({
      userId: invitation.inviter_id, action: 'invite', key: `invite:${userId}`, refType: 'user', refId: userId,
      claim: async (trx) => {
        const done = await trx.updateTable('invitations').set({ rewarded_at: nowIso() })
          .where('invitee_id', '=', userId).where('rewarded_at', 'is', null).executeTakeFirst();
        return Number(done.numUpdatedRows) > 0;
      },
    });
  }
}
