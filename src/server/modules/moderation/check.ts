/**
 * What moderation says about a text before it is saved: listed words first (block, review,
 * mask, flag), then the classifier's calibrated score against the thresholds.
 */
import type { Kysely } from 'kysely';
import { isStaff, type Role } from '../../../common/roles.ts';
import type { Database } from '../../platform/db/index.ts';
import type { Failure } from '../../platform/http/index.ts';
import { fail } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { TextCheck, TextCheckAction, TextCheckInput, TextFields } from '../content/index.ts';
import { defaultThresholds, type Thresholds } from './classifier/index.ts';
import { actionRank, mask, type WordHit } from './matcher.ts';
import type { ModelService } from './models.ts';
import { enqueue } from './queue.ts';
import type { SecondOpinion } from './second-opinion.ts';
import type { Refusal } from './standing.ts';
import type { QueueSource } from './tables.ts';
import type { WordService } from './words.ts';

export interface NewMemberPolicy {
  /** Whether the author's writing is still looked at more closely (their first posts). */
  isNew(authorId: string): Promise<boolean>;
  /** From this score up, a new member's text waits for review. */
  unsure: number;
}

export interface CheckDeps {
  ctx: ModuleContext;
  words: WordService;
  models: ModelService;
  thresholds?: Thresholds;
  newMembers?: NewMemberPolicy;
  /** Silences and level limits, checked before the text is looked at. */
  standing?: (input: TextCheckInput) => Promise<Refusal | null>;
  /** Asked only about texts whose score is in the unsure band. */
  secondOpinion?: SecondOpinion;
}

/** A member's first three published posts and comments count as a new member's; staff are
 * never new members. */
export function defaultNewMemberPolicy(ctx: ModuleContext): NewMemberPolicy {
  return {
    unsure: 0.5,
    async isNew(authorId) {
      const user = await ctx.db.selectFrom('users').select('role').where('id', '=', authorId).executeTakeFirst();
      if (!user || isStaff(user.role as Role)) return false;
      const count = async (table: 'posts' | 'comments') => Number((await ctx.db.selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', authorId).where('status', '=', 'published')
        .executeTakeFirstOrThrow()).n);
      return (await count('posts')) + (await count('comments')) < 3;
    },
  };
}

interface Verdict {
  action: TextCheckAction;
  source: QueueSource | null;
  reasons: string[];
  score: number;
}

export function createTextCheck(deps: CheckDeps): TextCheck {
  const thresholds = deps.thresholds ?? defaultThresholds;
  const newMembers = deps.newMembers ?? defaultNewMemberPolicy(deps.ctx);
  return async (input) => {
    const refusal = await deps.standing?.(input);
    if (refusal) return { action: 'block', fields: input.fields, reasons: [`standing:${refusal.key}`], message: refusal };
    const matcher = await deps.words.matcher();
    const fields: TextFields = { ...input.fields };
    const hits: WordHit[] = [];
    for (const key of ['title', 'body'] as const) {
      const text = fields[key];
      if (text === undefined) continue;
      const found = matcher.find(text);
      hits.push(...found);
      const masked = found.filter((h) => h.word.action === 'replace');
      if (masked.length) fields[key] = mask(text, masked);
    }
    const strongest = hits.reduce<WordHit | null>((best, h) => (
      !best || actionRank[h.word.action as keyof typeof actionRank] > actionRank[best.word.action as keyof typeof actionRank] ? h : best), null);
    if (strongest?.word.action === 'block') {
      return { action: 'block', fields, reasons: [`word:${strongest.word.category}`], message: { key: 'moderation.blocked', params: { category: strongest.word.category } } };
    }
    const verdict: Verdict = { action: hits.length ? 'replace' : 'allow', source: null, reasons: [], score: 0 };
    if (strongest && (strongest.word.action === 'review' || strongest.word.action === 'flag')) {
      verdict.action = strongest.word.action;
      verdict.source = 'word';
      verdict.reasons.push(`word:${strongest.word.category}`);
      verdict.score = 1;
    }
    const text = [fields.title, fields.body].filter((t) => t !== undefined).join('\n');
    if (verdict.source === null) await classify(text, input.authorId, verdict);
    if (!verdict.source) return { action: verdict.action, fields, reasons: verdict.reasons };
    const item = {
      targetType: input.kind, authorId: input.authorId, source: verdict.source, reason: verdict.reasons.join('; '),
      score: Number(verdict.score.toFixed(4)), snapshot: text, held: verdict.action === 'review',
    };
    // The queue entry is written in content's transaction, so a held item can never be left
    // without one; a caller that does not run the hook still gets it just after its commit.
    let queued = false;
    return {
      action: verdict.action,
      fields,
      reasons: verdict.reasons,
      inTransaction: async (trx: Kysely<Database>, id: string) => {
        await enqueue(trx, { ...item, targetId: id });
        queued = true;
      },
      afterSave: async (id) => {
        if (!queued) await deps.ctx.db.transaction().execute((trx) => enqueue(trx, { ...item, targetId: id }));
      },
    };
  };

  async function classify(text: string, authorId: string, verdict: Verdict): Promise<void> {
    const score = (await deps.models.active()).score(text);
    verdict.score = score;
    const unsureFrom = Math.min(newMembers.unsure, thresholds.review);
    if (deps.secondOpinion && score >= unsureFrom && score < thresholds.hold) {
      const opinion = await deps.secondOpinion(text);
      if (opinion) {
        verdict.reasons.push(`llm:${opinion.violates ? opinion.category : 'ok'}`);
        if (opinion.violates) {
          Object.assign(verdict, { action: 'review', source: 'classifier' });
          verdict.reasons.unshift(`classifier:${score.toFixed(2)}`);
        }
        return;
      }
    }
    if (score >= thresholds.hold) Object.assign(verdict, { action: 'review', source: 'classifier' });
    else if (score >= thresholds.review) Object.assign(verdict, { action: 'flag', source: 'classifier' });
    else if (score >= newMembers.unsure && await newMembers.isNew(authorId)) Object.assign(verdict, { action: 'review', source: 'new_member' });
    if (verdict.source) verdict.reasons.push(`${verdict.source}:${score.toFixed(2)}`);
  }
}

/** Usernames and other profile texts: a block or review word refuses them outright (a
 * name cannot wait in a queue). */
export function createProfileCheck(words: WordService) {
  return async (field: string, text: string): Promise<Failure | null> => {
    const hit = (await words.matcher()).find(text).find((h) => h.word.action === 'block' || h.word.action === 'review');
    if (!hit) return null;
    return fail('unprocessable', 'moderation.blocked', { category: hit.word.category }, {
      errors: [{ field, key: 'moderation.blocked', params: { category: hit.word.category } }],
    });
  };
}
