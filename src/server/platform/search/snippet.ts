import { normalizeText, type HighlightTerm } from './segmenter.ts';

export interface SnippetOptions {
  /** Characters shown before the first hit. */
  before?: number;
  /** Characters in the whole window. */
  width?: number;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

interface Span {
  start: number;
  end: number;
}

const wordChar = /[\p{L}\p{N}\p{M}]/u;

/**
 * The text normalised as the index saw it, and for each normalised position the position in
 * the original it came from, so a hit found case- and width-insensitively can be marked in
 * the text as the member wrote it. Positions are UTF-16 units.
 */
export interface SnippetSource {
  /** The text as written. */
  text: string;
  norm: string;
  /** Null when every position maps to itself (the usual case: see normalizeInPlace). */
  origin: number[] | null;
}

/**
 * Most texts normalise character for character (ASCII, CJK ideographs and punctuation,
 * full-width forms): then the normalised text has the same positions and no map is needed.
 * A character that normalises to more or fewer units, or a surrogate pair, sends the text
 * through the general path.
 */
function normalizeInPlace(text: string): string | null {
  if (!NOT_NFKC_STABLE.test(text)) return text.replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toLowerCase();
  let norm = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return null;
    const n = normalizeOne(text[i]!);
    if (n.length !== 1) return null;
    norm += n;
  }
  return norm;
}

/** Anything but ASCII, CJK ideographs, CJK punctuation that NFKC leaves alone (、。《》「」『』【】‘’“”—)
 * and full-width ASCII (，？！：), which NFKC turns into ASCII one for one: a text of only those
 * normalises without moving any position. */
const NOT_NFKC_STABLE = /[^\0-\x7f\u4e00-\u9fff\u3001\u3002\u300a-\u3011\u2014\u2018\u2019\u201c\u201d\uff01-\uff5e]/;
const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/g;

/**
 * A text made ready for snippets: normalised once, so that a text shown by many searches
 * (a read worker keeps the items it shows) is not normalised again for each of them.
 */
export function snippetSource(text: string): SnippetSource {
  const same = normalizeInPlace(text);
  if (same !== null) return { text, norm: same, origin: null };
  let norm = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const n = normalizeText(ch);
    norm += n;
    for (let k = 0; k < n.length; k++) origin.push(i);
    i += ch.length;
  }
  origin.push(text.length);
  return { text, norm, origin };
}

/** normalizeText for one character, with the common cases (ASCII, CJK ideographs, which NFKC
 * leaves alone) answered without a call into ICU, and the rest remembered: this runs for every
 * character of every result. */
const normalizedChars = new Map<string, string>();
function normalizeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : ch;
  if (code >= 0x4e00 && code <= 0x9fff) return ch;
  let n = normalizedChars.get(ch);
  if (n === undefined) {
    n = normalizeText(ch);
    if (normalizedChars.size < 10_000) normalizedChars.set(ch, n);
  }
  return n;
}

function findAll(norm: string, needle: string, wholeWord: boolean): Span[] {
  const spans: Span[] = [];
  if (!needle) return spans;
  for (let at = norm.indexOf(needle); at !== -1; at = norm.indexOf(needle, at + needle.length)) {
    const end = at + needle.length;
    if (wholeWord && (wordChar.test(norm[at - 1] ?? '') || wordChar.test(norm[end] ?? ''))) continue;
    spans.push({ start: at, end });
  }
  return spans;
}

/**
 * A short window of plain text around the first hit, safe to insert as HTML: every hit in
 * the window is wrapped in <mark>, everything else is escaped.
 */
export function makeSnippet(source: string | SnippetSource, terms: HighlightTerm[], options: SnippetOptions = {}): string {
  const before = options.before ?? 30;
  const width = options.width ?? 120;
  const { text, norm, origin } = typeof source === 'string' ? snippetSource(source) : source;

  const found: Span[] = [];
  for (const term of terms) {
    const spans = findAll(norm, term.text, term.wholeWord);
    found.push(...(spans.length ? spans : term.pieces.flatMap((p) => findAll(norm, p, false))));
  }
  // Back to positions in the original text, merged where hits overlap. A normalised span
  // ends where the original character after its last one starts.
  const back = (at: number) => (origin ? origin[at]! : at);
  const hits = found
    .map((s) => ({ start: back(s.start), end: origin ? nextOrigin(origin, s.end - 1) : s.end }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const h of hits) {
    const last = merged[merged.length - 1];
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }

  // The window counts code points, as a reader sees characters; in UTF-16 units it may be longer.
  const first = merged[0];
  let from = first ? retreat(text, first.start, before) : 0;
  const to = advance(text, from, width);
  if (to === text.length) from = retreat(text, to, width);

  let out = from > 0 ? '…' : '';
  let at = from;
  for (const h of merged) {
    if (h.end <= from || h.start >= to) continue;
    const s = Math.max(h.start, from);
    const e = Math.min(h.end, to);
    out += escapeHtml(text.slice(at, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    at = e;
  }
  out += escapeHtml(text.slice(at, to));
  if (to < text.length) out += '…';
  return out;
}

/** The original position just after the character the normalised position `at` came from. */
function nextOrigin(origin: number[], at: number): number {
  const here = origin[at]!;
  let k = at + 1;
  while (origin[k]! === here) k += 1;
  return origin[k]!;
}

/** The position `n` code points after `at` (or the end). */
function advance(text: string, at: number, n: number): number {
  let i = at;
  for (let left = n; left > 0 && i < text.length; left -= 1) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

/** The position `n` code points before `at` (or the start). */
function retreat(text: string, at: number, n: number): number {
  let i = at;
  for (let left = n; left > 0 && i > 0; left -= 1) i -= i >= 2 && text.charCodeAt(i - 1) >= 0xdc00 && text.charCodeAt(i - 1) <= 0xdfff ? 2 : 1;
  return i;
}
