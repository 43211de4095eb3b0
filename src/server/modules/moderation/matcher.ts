/**
 * Sensitive-word matching: an Aho-Corasick automaton over the normalised forms of the words,
 * run over the normalised text, so one pass finds every listed word whatever evasion it wore.
 */
import { toMatchText } from './normalize.ts';

export type WordAction = 'block' | 'review' | 'replace' | 'flag' | 'allow';

export interface WordEntry {
  id: string;
  pattern: string;
  action: WordAction;
  category: string;
}

export interface WordHit {
  word: WordEntry;
  /** Span in the original text (code units, end exclusive). */
  start: number;
  end: number;
}

/** Severity when several words match: the strongest decides what happens to the text. */
export const actionRank: Record<Exclude<WordAction, 'allow'>, number> = { replace: 1, flag: 2, review: 3, block: 4 };

export class WordMatcher {
  // Node n's transitions live in `next[n]`; `fail` and `out` follow the textbook construction.
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly entries: { entry: WordEntry; length: number }[] = [];

  constructor(words: WordEntry[]) {
    for (const word of words) {
      const key = toMatchText(word.pattern).text;
      if (!key) continue;
      let node = 0;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        let child = this.next[node]!.get(c);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[node]!.set(c, child);
        }
        node = child;
      }
      this.out[node]!.push(this.entries.length);
      this.entries.push({ entry: word, length: key.length });
    }
    const queue: number[] = [];
    for (const child of this.next[0]!.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [c, child] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.out[child]!.push(...this.out[this.fail[child]!]!);
        queue.push(child);
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every listed word in the text, except those lying inside an allow-listed word. */
  find(text: string): WordHit[] {
    const m = toMatchText(text);
    const raw: { index: number; start: number; end: number }[] = [];
    let node = 0;
    for (let i = 0; i < m.text.length; i++) {
      const c = m.text.charCodeAt(i);
      while (node !== 0 && !this.next[node]!.has(c)) node = this.fail[node]!;
      node = this.next[node]!.get(c) ?? 0;
      for (const index of this.out[node]!) raw.push({ index, start: i + 1 - this.entries[index]!.length, end: i + 1 });
    }
    if (raw.length === 0) return [];
    const allowed = raw.filter((h) => this.entries[h.index]!.entry.action === 'allow');
    return raw
      .filter((h) => this.entries[h.index]!.entry.action !== 'allow')
      .filter((h) => !allowed.some((a) => a.start <= h.start && h.end <= a.end))
      .map((h) => ({ word: this.entries[h.index]!.entry, start: m.origin[h.start]!, end: m.originEnd[h.end - 1]! }));
  }
}

/** Masks the given spans with full-width asterisks, one per visible character. */
export function mask(text: string, spans: { start: number; end: number }[]): string {
  if (spans.length === 0) return text;
  const masked = new Array<boolean>(text.length).fill(false);
  for (const s of spans) for (let i = s.start; i < s.end; i++) masked[i] = true;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!masked[i]) out += text[i];
    else if (code >= 0xdc00 && code <= 0xdfff) continue; // second half of a character already masked
    else out += /[\p{L}\p{N}]/u.test(String.fromCodePoint(text.codePointAt(i)!)) ? '＊' : text[i];
  }
  return out;
}
