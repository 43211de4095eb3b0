import { normalizeText, type HighlightTerm } from './segmenter.ts';

export interface SnippetOptions {
  /** Characters shown before the first hit. */
  before?: number;
  /** Characters in the whole window. */
  width?: number;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const htmlSpecial = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most stretches of a snippet have nothing to escape: then no new string at all.
  return htmlSpecial.test(text) ? text.replace(/[&<>"']/g, (c) => htmlEscapes[c]!) : text;
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
  /**
   * For a text of characters that normalise one for one by lowercasing and width alone (see
   * normalizeSimple): the text itself where that leaves it as it is (most Chinese texts); a
   * copy when the text is all Latin-1 (English, mostly), which V8 keeps at a byte a character
   * while the items a read worker keeps are counted at two; null for the rest (Chinese with a
   * capital letter or a full-width one), normalised again for each snippet rather than kept
   * twice in two-byte characters.
   */
  norm: string | null;
  /** Null when every position maps to itself (the usual case: see normalizeInPlace). */
  origin: number[] | null;
}

/**
 * Most texts normalise character for character (ASCII, CJK ideographs and punctuation,
 * full-width forms, and many others one at a time): then the normalised text has the same
 * positions and no map is needed. A character that normalises to more or fewer units, or a
 * surrogate pair, sends the text through the general path (null).
 */
function normalizeInPlace(text: string): string | null {
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
const BEYOND_LATIN1 = /[^\0-\xff]/;

/** The normalised form of a text NOT_NFKC_STABLE does not match. */
function normalizeSimple(text: string): string {
  return text.replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toLowerCase();
}

/**
 * A text made ready for snippets: the work of normalising it done once where it is more than
 * lowercasing, so that a text shown by many searches (a read worker keeps the items it shows)
 * is not worked through character by character for each of them.
 */
export function snippetSource(text: string): SnippetSource {
  if (!NOT_NFKC_STABLE.test(text)) {
    const norm = normalizeSimple(text);
    return { text, norm: norm === text ? text : BEYOND_LATIN1.test(text) ? null : norm, origin: null };
  }
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

const ASCII = /[\0-\x7f]/;
const hasAsciiNeedle = (term: HighlightTerm) => ASCII.test(term.text) || term.pieces.some((piece) => ASCII.test(piece));

function isWholeWord(norm: string, start: number, end: number): boolean {
  return !wordChar.test(norm[start - 1] ?? '') && !wordChar.test(norm[end] ?? '');
}

/**
 * The next hit of a needle at or after `from`, -1 if none. Hits are found in a chain from the
 * start of the text (each search goes on after the previous hit), so that where hits overlap
 * the same ones are marked whatever window is asked for; a
 * whole-word needle skips matches inside longer words.
 */
function nextHit(norm: string, needle: string, wholeWord: boolean, from: number): number {
  if (!needle) return -1;
  for (let at = norm.indexOf(needle, from); at !== -1; at = norm.indexOf(needle, at + needle.length)) {
    if (!wholeWord || isWholeWord(norm, at, at + needle.length)) return at;
  }
  return -1;
}

interface Needle {
  text: string;
  wholeWord: boolean;
}

/**
 * A short window of plain text around the first hit, safe to insert as HTML: every hit in
 * the window is wrapped in <mark>, everything else is escaped. Hits are looked for only up to
 * the window's end: a long post with a common word all through it costs no more than a short one.
 */
export function makeSnippet(source: string | SnippetSource, terms: HighlightTerm[], options: SnippetOptions = {}): string {
  const before = options.before ?? 30;
  const width = options.width ?? 120;
  const { text, norm: kept, origin } = typeof source === 'string' ? snippetSource(source) : source;
  // Normalising such a text changes only ASCII letters and full-width ASCII (to ASCII), one
  // for one: a needle without ASCII is found at the same places in the text as written, and
  // what is a word character stays one. So only a needle with ASCII needs the text normalised.
  const norm = kept ?? (terms.some(hasAsciiNeedle) ? normalizeSimple(text) : text);
  const back = (at: number) => (origin ? origin[at]! : at);

  // A term is marked where it occurs whole; one that never does, by its pieces.
  const needles: Needle[] = [];
  let firstHit = -1;
  const consider = (needle: Needle): boolean => {
    const at = nextHit(norm, needle.text, needle.wholeWord, 0);
    if (at === -1) return false;
    needles.push(needle);
    if (firstHit === -1 || at < firstHit) firstHit = at;
    return true;
  };
  for (const term of terms) {
    if (!consider({ text: term.text, wholeWord: term.wholeWord })) for (const piece of term.pieces) consider({ text: piece, wholeWord: false });
  }

  // The window counts code points, as a reader sees characters; in UTF-16 units it may be longer.
  let from = firstHit === -1 ? 0 : retreat(text, back(firstHit), before);
  const to = advance(text, from, width);
  if (to === text.length) from = retreat(text, to, width);

  // Hits that start before the window's end, back in positions of the original text, merged
  // where they overlap. A normalised span ends where the original character after its last one starts.
  const until = origin ? firstAtOrAfter(origin, to) : to;
  const hits: Span[] = [];
  for (const { text: needle, wholeWord } of needles) {
    for (let at = nextHit(norm, needle, wholeWord, 0); at !== -1 && at < until; at = nextHit(norm, needle, wholeWord, at + needle.length)) {
      const end = at + needle.length;
      hits.push({ start: back(at), end: origin ? nextOrigin(origin, end - 1) : end });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const h of hits) {
    const last = merged[merged.length - 1];
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push(h);
  }

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

/** The first normalised position whose character starts at or after `at` in the original. */
function firstAtOrAfter(origin: number[], at: number): number {
  let low = 0;
  let high = origin.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (origin[mid]! >= at) high = mid;
    else low = mid + 1;
  }
  return low;
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
