import type { Role } from '../../../common/roles.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

/**
 * The extension point through which other modules (moderation) look at text before content
 * saves it. Content does not know what the checks are; it only acts on their verdict.
 */

export interface TextFields {
  title?: string;
  body?: string;
}

export interface TextCheckInput {
  kind: 'post' | 'comment';
  authorId: string;
  /** The author's role when the caller already read it (the author is the one writing). */
  authorRole?: Role;
  /** Set when an existing item is edited. */
  targetId?: string;
  fields: TextFields;
}

/** allow: save as is; replace: save the returned (masked) fields; flag: save, visible, and
 * tell the check afterwards; review: save as pending (hidden from all but author and
 * moderators); block: refuse the write with the given message. */
export type TextCheckAction = 'allow' | 'replace' | 'flag' | 'review' | 'block';

export interface TextCheckResult {
  action: TextCheckAction;
  fields: TextFields;
  reasons: string[];
  /** The 422 detail when blocked. */
  message?: { key: string; params?: Record<string, string | number> };
  /** Called once the item is saved (not for block), with its id. */
  afterSave?: (id: string) => Promise<void>;
  /** Runs inside the transaction that saves the item, so what it writes (a review-queue
   * entry) commits or rolls back together with the item. */
  inTransaction?: (trx: Kysely<Database>, id: string) => Promise<void>;
}

export type TextCheck = (input: TextCheckInput) => Promise<TextCheckResult>;

const rank: Record<TextCheckAction, number> = { allow: 0, replace: 1, flag: 2, review: 3, block: 4 };

export interface CombinedCheck extends TextCheckResult {
  /** Call inside the saving transaction. */
  saveAll: (trx: Kysely<Database>, id: string) => Promise<void>;
  /** Call after the commit. */
  afterSaveAll: (id: string) => Promise<void>;
}

/** The checks of one running app (each test server has its own). */
export class TextChecks {
  private readonly checks: TextCheck[] = [];

  register(check: TextCheck): void {
    this.checks.push(check);
  }

  /** Runs every registered check in turn (each sees the fields the previous one returned);
   * the strongest action wins. */
  async run(input: TextCheckInput): Promise<CombinedCheck> {
    let fields = input.fields;
    let action: TextCheckAction = 'allow';
    let message: TextCheckResult['message'];
    const reasons: string[] = [];
    const after: ((id: string) => Promise<void>)[] = [];
    const inTrx: NonNullable<TextCheckResult['inTransaction']>[] = [];
    for (const check of this.checks) {
      const result = await check({ ...input, fields });
      fields = result.fields;
      reasons.push(...result.reasons);
      if (result.afterSave) after.push(result.afterSave);
      if (result.inTransaction) inTrx.push(result.inTransaction);
      if (rank[result.action] > rank[action]) {
        action = result.action;
        if (result.message) message = result.message;
      }
    }
    return {
      action, fields, reasons, ...(message ? { message } : {}),
      saveAll: async (trx, id) => {
        for (const fn of inTrx) await fn(trx, id);
      },
      afterSaveAll: async (id) => {
        for (const fn of after) await fn(id);
      },
    };
  }
}
