import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSnippet } from './snippet.ts';
import { normalizeText, Segmenter } from './segmenter.ts';

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
});
