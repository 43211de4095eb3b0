import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, makeSnippet } from './snippet.ts';
import { normalizeText, Segmenter, type HighlightTerm } from './segmenter.ts';

const segmenter = new Segmenter();
beforeAll(() => segmenter.setCustomWords([]));

const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const marked = (snippet: string) => [...snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => unescape(m[1]!));

describe('search snippets', () => {
  it('marks hits written in full-width, upper-case or composed forms as the member wrote them', () => {
    const terms = (q: string) => segmenter.parseQuery(q).terms;
    expect(makeSnippet('用户留存率，ＯＫ？Growth', terms('ok growth'))).toBe('用户留存率，<mark>ＯＫ</mark>？<mark>Growth</mark>');
    expect(makeSnippet('a ﬁle and a file', terms('file'))).toBe('a <mark>ﬁle</mark> and a <mark>file</mark>');
    expect(makeSnippet('😀 café 𠀀中文 <b>', terms('café 中文'))).toBe('😀 <mark>café</mark> 𠀀<mark>中文</mark> &lt;b&gt;');
  });

  it('shows a window of whole characters around the first hit, escaped, with every hit in it marked', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '中', '文', '，', 'Ａ', '？', 'ﬁ', '😀', '𠀀', 'e\u0301', 'é', '<', '&', '"', '㎏', 'ß', '。');
    const query = fc.constantFrom('a', 'b 中文', 'fi', 'kg', '中', 'é', 'ß', 'a b');
    fc.assert(fc.property(fc.string({ unit, maxLength: 200 }), query, fc.integer({ min: 4, max: 60 }), (text, q, width) => {
      const { terms } = segmenter.parseQuery(q);
      const snippet = makeSnippet(text, terms, { before: width >> 1, width });
      // Nothing but <mark> is markup, and the text between is a window of the original.
      expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
      const plain = unescape(snippet.replace(/<\/?mark>/g, ''));
      const window = plain.replace(/^…/, '').replace(/…$/, '');
      expect(text).toContain(window);
      expect([...window].length).toBe(Math.min(width, [...text].length));
      expect(window).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      // Each marked piece is (made of) a word of the query once normalised.
      const wanted = terms.flatMap((t) => [t.text, ...t.pieces]);
      for (const piece of marked(snippet)) expect(wanted.some((w) => normalizeText(piece).includes(w))).toBe(true);
    }), { numRuns: 3000 });
  });

  it('marks in its window exactly what marking every hit of the text would', () => {
    // The simple way: every hit of the whole text, merged, then the window cut out of that.
    const everyHit = (text: string, terms: HighlightTerm[], before: number, width: number): string => {
      const chars = [...text];
      const hits: [number, number][] = [];
      for (const term of terms) {
        const find = (needle: string, whole: boolean) => {
          const found: [number, number][] = [];
          const norm = normalizeText(text);
          if (norm.length !== text.length || !needle) return found;
          for (let at = norm.indexOf(needle); at !== -1; at = norm.indexOf(needle, at + needle.length)) {
            const end = at + needle.length;
            if (whole && (/[\p{L}\p{N}\p{M}]/u.test(norm[at - 1] ?? '') || /[\p{L}\p{N}\p{M}]/u.test(norm[end] ?? ''))) continue;
            found.push([at, end]);
          }
          return found;
        };
        const whole = find(term.text, term.wholeWord);
        hits.push(...(whole.length ? whole : term.pieces.flatMap((p) => find(p, false))));
      }
      hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
      const merged: [number, number][] = [];
      for (const h of hits) {
        const last = merged[merged.length - 1];
        if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]);
        else merged.push([...h]);
      }
      // Texts of one UTF-16 unit per character only (see the generator): positions are characters.
      let from = merged[0] ? Math.max(0, merged[0][0] - before) : 0;
      const to = Math.min(chars.length, from + width);
      if (to === chars.length) from = Math.max(0, to - width);
      let out = from > 0 ? '…' : '';
      let at = from;
      for (const [hs, he] of merged) {
        if (he <= from || hs >= to) continue;
        const st = Math.max(hs, from);
        const en = Math.min(he, to);
        out += `${escapeHtml(text.slice(at, st))}<mark>${escapeHtml(text.slice(st, en))}</mark>`;
        at = en;
      }
      return out + escapeHtml(text.slice(at, to)) + (to < chars.length ? '…' : '');
    };
    // Characters that normalise one for one, so that positions in the text are positions in
    // its normalised form; words that repeat and overlap ('aa' in 'aaaa'), often.
    const unit = fc.constantFrom('a', 'A', 'b', ' ', '中', '文', '，', '<', '&', 'x', 'ａ');
    const query = fc.constantFrom('a', 'aa', 'b 中文', '中', '中中', 'a b', 'ax', '文中');
    fc.assert(fc.property(fc.string({ unit, maxLength: 400 }), query, fc.integer({ min: 4, max: 60 }), (text, q, width) => {
      const { terms } = segmenter.parseQuery(q);
      expect(makeSnippet(text, terms, { before: width >> 1, width })).toBe(everyHit(text, terms, width >> 1, width));
    }), { numRuns: 3000 });
  });
});
