import { createHash, randomBytes } from 'node:crypto';
import { nowIso, type Db } from '../../platform/db/index.ts';
import { fail, ok, type Result } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { Preferences } from './schema.ts';
import type { EmailKind, NotificationPreferencesTable } from './tables.ts';

/** Replies and mentions are mailed unless turned off; the digest is opt-in. */
export const defaultPreferences: Preferences = { emailReplies: true, emailMentions: true, emailDigest: false };

const columnOf = {
  replies: 'email_replies',
  mentions: 'email_mentions',
  digest: 'email_digest',
} as const satisfies Record<EmailKind, keyof NotificationPreferencesTable>;

const fieldOf = { replies: 'emailReplies', mentions: 'emailMentions', digest: 'emailDigest' } as const satisfies Record<EmailKind, keyof Preferences>;

const tokenShape = /^[A-Za-z0-9_-]{43}$/;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class PreferenceService {
  constructor(private readonly ctx: ModuleContext) {}

  async get(userId: string): Promise<Preferences> {
    const row = await this.ctx.db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!row) return { ...defaultPreferences };
    return { emailReplies: row.email_replies === 1, emailMentions: row.email_mentions === 1, emailDigest: row.email_digest === 1 };
  }

  /** Changes only the fields given, in one statement, so two tabs saving different switches
   * at once both win. */
  async update(userId: string, patch: Partial<Preferences>): Promise<Preferences> {
    const set: Partial<Record<(typeof columnOf)[EmailKind], number>> = {};
    for (const kind of Object.keys(columnOf) as EmailKind[]) {
      const value = patch[fieldOf[kind]];
      if (value !== undefined) set[columnOf[kind]] = value ? 1 : 0;
    }
    const merged = { ...defaultPreferences, ...patch };
    const now = nowIso();
    await this.ctx.db.insertInto('notification_preferences').values({
      user_id: userId,
      email_replies: merged.emailReplies ? 1 : 0,
      email_mentions: merged.emailMentions ? 1 : 0,
      email_digest: merged.emailDigest ? 1 : 0,
      updated_at: now,
    }).onConflict((oc) => oc.column('user_id').doUpdateSet({ ...set, updated_at: now })).execute();
    return this.get(userId);
  }

  /** A fresh 256-bit token for the unsubscribe link of one e-mail; only its hash is kept. */
  async issueUnsubscribeToken(userId: string, kind: EmailKind, db: Db = this.ctx.db): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.insertInto('unsubscribe_tokens').values({ token_hash: hash(token), user_id: userId, kind, created_at: nowIso() }).execute();
    return token;
  }

  async lookupToken(token: string | undefined): Promise<Result<{ userId: string; kind: EmailKind }>> {
    if (!token || !tokenShape.test(token)) return fail('notFound', 'notifications.invalidUnsubscribe');
    const row = await this.ctx.db.selectFrom('unsubscribe_tokens').select(['user_id', 'kind'])
      .where('token_hash', '=', hash(token)).executeTakeFirst();
    return row ? ok({ userId: row.user_id, kind: row.kind }) : fail('notFound', 'notifications.invalidUnsubscribe');
  }

  /** Turns off the kind of e-mail the token was sent with; using a link twice is harmless. */
  async unsubscribe(token: string | undefined): Promise<Result<{ kind: EmailKind }>> {
    const found = await this.lookupToken(token);
    if (!found.ok) return found;
    await this.update(found.value.userId, { [fieldOf[found.value.kind]]: false });
    return ok({ kind: found.value.kind });
  }
}
