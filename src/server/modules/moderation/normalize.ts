/**
 * Text normalisation shared by the word filter and the classifier, so that both see through
 * the same evasions: full/half width (NFKC), traditional characters, letter case, invisible
 * characters and look-alike letters from other scripts.
 */
import * as OpenCC from 'opencc-js';

let t2s: Map<number, number> | null = null;

/** A per-character traditional→simplified table, derived once from opencc-js. Converting one
 * character at a time (instead of OpenCC's phrase mode) keeps every index aligned with the
 * original text, which masking needs. */
function traditionalMap(): Map<number, number> {
  if (t2s) return t2s;
  const map = new Map<number, number>();
  const chars: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCodePoint(c));
  const joined = chars.join('\n');
  for (const from of ['t', 'tw', 'hk'] as const) {
    const out = OpenCC.Converter({ from, to: 'cn' })(joined).split('\n');
    if (out.length !== chars.length) continue;
    for (let i = 0; i < chars.length; i++) {
      const o = out[i]!;
      if (o !== chars[i] && o.length === 1 && !map.has(chars[i]!.codePointAt(0)!)) map.set(chars[i]!.codePointAt(0)!, o.codePointAt(0)!);
    }
  }
  t2s = map;
  return map;
}

/** Warms the table up front so the first write does not pay for it. */
export function prepareNormalizer(): void {
  traditionalMap();
}

// Cyrillic and Greek letters that look like Latin ones, and symbols used as letters.
const homoglyphs: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i',
  ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  '@': 'a', $: 's', '0': 'o',
};
const homoglyphCodes = new Map(Object.entries(homoglyphs).map(([k, v]) => [k.codePointAt(0)!, v.codePointAt(0)!]));

// Zero-width, bidi controls, soft hyphen, variation selectors, tags: never visible, so never meaningful.
const invisibleRanges: [number, number][] = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xe0000, 0xe0fff],
];
function isInvisible(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return invisibleRanges.some(([lo, hi]) => cp >= lo && cp <= hi);
}
const keep = /[\p{L}\p{N}]/u;

export interface MatchText {
  /** Letters and digits only, normalised. */
  text: string;
  /** For each code unit of `text`, the index of the code unit it came from in the original. */
  origin: number[];
  /** For each code unit of `text`, the end (exclusive) of the original character. */
  originEnd: number[];
}

const charCache = new Map<string, string>();
function foldChar(ch: string): string {
  let f = charCache.get(ch);
  if (f === undefined) {
    f = foldChar0(ch);
    if (charCache.size < 50_000) charCache.set(ch, f);
  }
  return f;
}

function foldChar0(ch: string): string {
  let s = ch.normalize('NFKC').toLowerCase();
  if (s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff)) {
    const cp = s.codePointAt(0)!;
    const mapped = traditionalMap().get(cp) ?? homoglyphCodes.get(cp);
    if (mapped !== undefined) s = String.fromCodePoint(mapped);
  } else {
    s = [...s].map((c) => {
      const cp = c.codePointAt(0)!;
      const mapped = traditionalMap().get(cp) ?? homoglyphCodes.get(cp);
      return mapped === undefined ? c : String.fromCodePoint(mapped);
    }).join('');
  }
  // Accents are dropped (NFD then remove marks) so "fück" reads as "fuck".
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

const foldCache = new Map<string, string>();
function fold(ch: string): string {
  let f = foldCache.get(ch);
  if (f === undefined) {
    f = fold0(ch);
    if (foldCache.size < 50_000) foldCache.set(ch, f);
  }
  return f;
}
function fold0(ch: string): string {
  if (isInvisible(ch)) return '';
  return [...foldChar(ch)].filter((c) => keep.test(c)).join('');
}

/** The matching form of a text: letters and digits only, each mapped to a canonical form,
 * with a map back to the original positions. Separators inserted between the characters
 * of a word (spaces, punctuation, symbols, invisible characters) disappear. */
export function toMatchText(input: string): MatchText {
  let text = '';
  const origin: number[] = [];
  const originEnd: number[] = [];
  let i = 0;
  for (const ch of input) {
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) {
      origin.push(i);
      originEnd.push(i + ch.length);
    }
    text += f;
    i += ch.length;
  }
  return { text, origin, originEnd };
}

/** The classifier's form of a text: the same folding, but punctuation is kept (it carries
 * tone) and runs of whitespace become one space. */
export function toClassifierText(input: string): string {
  let out = '';
  let space = false;
  for (const ch of input) {
    if (isInvisible(ch)) continue;
    if (/\s/u.test(ch)) {
      space = out.length > 0;
      continue;
    }
    const f = foldChar(ch);
    if (!f) continue;
    if (space) out += ' ';
    space = false;
    out += f;
  }
  return out;
}
