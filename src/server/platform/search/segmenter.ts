import { Jieba } from '@node-rs/jieba';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isStopword } from './stopwords.ts';

/**
 * Turns text into index tokens and queries into match expressions, the same way for both
 * databases: the database only ever sees space-separated tokens made of letters and digits,
 * so SQLite's unicode61 tokenizer and PostgreSQL's 'simple' parser cannot split them
 * differently.
 *
 * Chinese (and Japanese kana) runs are cut by jieba in search mode (words and their
 * sub-words) and, in addition, into character bigrams plus the run's last character. The
 * bigrams make any substring of two or more characters findable whatever jieba decided for
 * the surrounding sentence ("留存率" inside "…用户的留存率和…"); the last character makes a
 * single-character query a prefix match that sees every occurrence. Other scripts are split
 * into runs of letters and digits, NFKC-normalised and lower-cased.
 */

/** A match expression, compiled by each dialect (FTS5 MATCH or tsquery). */
export type QueryNode =
  | { kind: 'term'; token: string }
  | { kind: 'prefix'; token: string }
  | { kind: 'and'; nodes: QueryNode[] }
  | { kind: 'or'; nodes: QueryNode[] };

export interface ParsedQuery {
  /** Null when the query holds no letter or digit at all. */
  node: QueryNode | null;
  /** What to look for in the text when highlighting a hit (normalised form). */
  terms: HighlightTerm[];
}

export interface HighlightTerm {
  text: string;
  /** Latin-like words match whole words only; Chinese terms match anywhere. */
  wholeWord: boolean;
  /** Shorter pieces to highlight when the term itself is not contiguous in the text. */
  pieces: string[];
}

const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC]/u;
/** A run of CJK characters, or a run of other letters and digits (marks stay attached). */
const runPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC])[\p{L}\p{N}\p{M}])+/gu;
/** Longer "words" are data (hashes, base64), not something anyone searches for. */
const MAX_TOKEN_CHARS = 64;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isCjk(text: string): boolean {
  return cjkChar.test(text);
}

interface Run {
  text: string;
  cjk: boolean;
}

function runsOf(normalized: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalized.matchAll(runPattern)) runs.push({ text: m[0], cjk: cjkChar.test(m[0][0]!) });
  return runs;
}

function bigrams(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

let sharedDefault: Jieba | undefined;

/**
 * jieba's default dictionary, read from its package each time an instance is built (at start
 * and when the site's words change). Not kept: jieba holds its own parsed copy, and the
 * package's dict.js would also keep its 6 MB IDF table in memory, which Hearth does not use.
 */
function loadDefaultDict(): Promise<Buffer> {
  return readFile(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'));
}

/** Custom words outrank the default dictionary's ordinary words, so jieba keeps them whole. */
const CUSTOM_WORD_FREQ = 1000;

export class Segmenter {
  private jieba: Jieba | undefined;
  private customWords: string[] = [];

  /** Loads the dictionaries; call once before tokenising (it reads a 5 MB file the first time). */
  async init(): Promise<void> {
    if (this.jieba) return;
    await this.rebuild();
  }

  /** The site's own words, normalised. */
  get words(): readonly string[] {
    return this.customWords;
  }

  /** Replaces the site's own words. Words are normalised like text. */
  async setCustomWords(words: string[]): Promise<void> {
    const next = [...new Set(words.map(normalizeText))].sort();
    if (this.jieba && next.join('\n') === this.customWords.join('\n')) return;
    this.customWords = next;
    await this.rebuild();
  }

  private async rebuild(): Promise<void> {
    if (this.customWords.length === 0) {
      // Without custom words every site segments alike: share one instance (tests run many).
      sharedDefault ??= Jieba.withDict(await loadDefaultDict());
      this.jieba = sharedDefault;
      return;
    }
    // Removing a word needs a fresh instance: jieba can only add to a loaded dictionary.
    const jieba = Jieba.withDict(await loadDefaultDict());
    jieba.loadDict(Buffer.from(this.customWords.map((w) => `${w} ${CUSTOM_WORD_FREQ}\n`).join('')));
    this.jieba = jieba;
  }

  private get cutter(): Jieba {
    if (!this.jieba) throw new Error('Segmenter.init() has not run');
    return this.jieba;
  }

  /** The index tokens of a text, space-joined, ready for FTS5 or to_tsvector('simple'). */
  indexText(text: string): string {
    const tokens: string[] = [];
    for (const run of runsOf(normalizeText(text))) {
      if (!run.cjk) {
        if (run.text.length <= MAX_TOKEN_CHARS) tokens.push(run.text);
        continue;
      }
      for (const word of this.cutter.cutForSearch(run.text, true)) {
        if (word.length > 1) tokens.push(word);
      }
      const chars = [...run.text];
      tokens.push(...bigrams(chars), chars[chars.length - 1]!);
    }
    return tokens.join(' ');
  }

  /**
   * Every word of the query must match (AND). A Chinese word of three or more characters
   * matches itself or all of its bigrams, so it is found inside text that jieba cut
   * differently; a lone character is a prefix match over the bigrams. A Chinese run of several
   * words may also match as a whole (all its bigrams): that adds no hits, but text holding
   * the run as written matches more terms and so ranks higher. Stopwords are dropped when
   * other words remain (see stopwords.ts).
   */
  parseQuery(query: string): ParsedQuery {
    const runs = runsOf(normalizeText(query)).map((run) => ({
      ...run, words: run.cjk ? this.cutter.cut(run.text, true) : run.text.length > MAX_TOKEN_CHARS ? [] : [run.text],
    }));
    // Stopwords go when other words remain; a query of stopwords only keeps its first word.
    const all = runs.flatMap((r) => r.words);
    const wanted = all.some((w) => !isStopword(w)) ? (w: string) => !isStopword(w) : (w: string) => w === all[0];
    const seen = new Set<string>();
    const nodes: QueryNode[] = [];
    const terms: HighlightTerm[] = [];
    for (const run of runs) {
      const words = run.words.filter((w) => !seen.has(w) && wanted(w));
      if (words.length === 0) continue;
      for (const w of words) seen.add(w);
      if (!run.cjk) {
        nodes.push({ kind: 'term', token: run.text });
        terms.push({ text: run.text, wholeWord: true, pieces: [] });
        continue;
      }
      const units = words.map((word): QueryNode => {
        const chars = [...word];
        if (chars.length === 1) return { kind: 'prefix', token: word };
        if (chars.length === 2) return { kind: 'term', token: word };
        return { kind: 'or', nodes: [{ kind: 'term', token: word }, allTerms(bigrams(chars))] };
      });
      // The run as written also matches as a whole, unless words were dropped from it.
      const whole = units.length > 1 && words.length === run.words.length;
      nodes.push(whole ? { kind: 'or', nodes: [allOf(units), allTerms(bigrams([...run.text]))] } : allOf(units));
      if (whole) terms.push({ text: run.text, wholeWord: false, pieces: [] });
      for (const word of words) terms.push({ text: word, wholeWord: false, pieces: [...word].length > 2 ? bigrams([...word]) : [] });
    }
    const node: QueryNode | null = nodes.length === 0 ? null : allOf(nodes);
    return { node, terms };
  }
}

function allOf(nodes: QueryNode[]): QueryNode {
  const unique = [...new Map(nodes.map((n) => [JSON.stringify(n), n])).values()];
  return unique.length === 1 ? unique[0]! : { kind: 'and', nodes: unique };
}

function allTerms(tokens: string[]): QueryNode {
  return allOf(tokens.map((token) => ({ kind: 'term', token })));
}
