/**
 * An optional second opinion on texts the classifier is unsure about, from an
 * OpenAI-compatible chat-completions endpoint. Any failure (timeout, HTTP error, a reply that
 * is not the expected JSON) yields no opinion, and the classifier's verdict stands.
 */
import { httpUrlOrThrow, type ModerationLlmConfig } from '../../platform/config/index.ts';

export interface Opinion {
  violates: boolean;
  category: string;
}

export type SecondOpinion = (text: string) => Promise<Opinion | null>;

const SYSTEM_PROMPT = [
  'You review user posts on a Chinese/English community forum.',
  'Decide whether the text is abusive, hateful, harassing, discriminatory, sexual, violent, illegal or spam.',
  'Text that names a group in order to oppose prejudice against it is acceptable.',
  'Answer with JSON only: {"violates": true|false, "category": "<one word>"}.',
].join(' ');

/** Texts are cut to this many characters: enough to judge a post, bounded cost per call. */
const MAX_CHARS = 4000;

export function createSecondOpinion(config: ModerationLlmConfig, log: { warn(obj: unknown, msg: string): void }): SecondOpinion {
  const endpoint = httpUrlOrThrow(config.url, 'MODERATION_LLM_URL');
  return async (text) => {
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(config.key ? { authorization: `Bearer ${config.key}` } : {}) },
        body: JSON.stringify({
          model: config.model,
          temperature: 0,
          messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: text.slice(0, MAX_CHARS) }],
        }),
        redirect: 'error',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const reply = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
      return parseOpinion(reply.choices?.[0]?.message?.content);
    } catch (err) {
      log.warn({ err }, 'moderation second opinion failed; the classifier decides');
      return null;
    }
  };
}

/** The JSON object in the reply, tolerating code fences or words around it. */
function parseOpinion(content: unknown): Opinion {
  if (typeof content !== 'string') throw new Error('no content in reply');
  const json = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1);
  const parsed = JSON.parse(json) as { violates?: unknown; category?: unknown };
  if (typeof parsed.violates !== 'boolean') throw new Error('reply has no boolean "violates"');
  const category = typeof parsed.category === 'string' ? parsed.category.replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 32) : '';
  return { violates: parsed.violates, category: category || 'llm' };
}
