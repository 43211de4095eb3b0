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
 * The text normalised as the index saw it, with each normalised position mapped back to the
 * original code point it came from, so a hit found case- and width-insensitively can be
 * marked in the text as the member wrote it.
 */
function normalizedWithMap(chars: string[]): { norm: string; origin: number[] } {
  let norm = '';
  const origin: number[] = [];
  chars.forEach((ch, i) => {
    const n = normalizeOne(ch);
    norm += n;
    for (let k = 0; k < n.length; k++) origin.push(i);
  });
  return { norm, origin };
}

/** normalizeText for one code point, with the common cases (ASCII, CJK ideographs, which NFKC
 * leaves alone) answered without a call into ICU: this runs for every character of a result. */
function normalizeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : ch;
  if (code >= 0x4e00 && code <= 0x9fff) return ch;
  return normalizeText(ch);
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
export function makeSnippet(text: string, terms: HighlightTerm[], options: SnippetOptions = {}): string {
  const before = options.before ?? 30;
  const width = options.width ?? 120;
  const chars = [...text];
  const { norm, origin } = normalizedWithMap(chars);

  const found: Span[] = [];
  for (const term of terms) {
    const spans = findAll(norm, term.text, term.wholeWord);
    found.push(...(spans.length ? spans : term.pieces.flatMap((p) => findAll(norm, p, false))));
  }
  // Back to code-point positions in the original text, merged where hits overlap.
  const hits = found
    .map((s) => ({ start: origin[s.start]!, end: origin[s.end - 1]! + 1 }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const h of hits) {
    const last = merged[merged.length - 1];
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }

  const first = merged[0];
  let from = first ? Math.max(0, first.start - before) : 0;
  const to = Math.min(chars.length, from + width);
  if (to - from < width) from = Math.max(0, to - width);

  let out = from > 0 ? '…' : '';
  let at = from;
  for (const h of merged) {
    if (h.end <= from || h.start >= to) continue;
    const s = Math.max(h.start, from);
    const e = Math.min(h.end, to);
    out += escapeHtml(chars.slice(at, s).join('')) + '<mark>' + escapeHtml(chars.slice(s, e).join('')) + '</mark>';
    at = e;
  }
  out += escapeHtml(chars.slice(at, to).join(''));
  if (to < chars.length) out += '…';
  return out;
}
