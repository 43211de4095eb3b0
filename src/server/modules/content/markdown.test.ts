import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, type SignedIn } from '../../platform/testing/index.ts';
import { contentFixture, inBatches, scriptRisks, writeComment, writePost, type ContentFixture } from './test-support.ts';

/** Markdown a hostile member might write; none of it may run script in a reader's browser. */
const attacks = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">raw link</a>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(1)><circle r=5 /></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](jav&#x09;ascript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](<javascript:alert(1)>)',
  '[x](vbscript:msgbox(1))',
  '[x](VBScript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](file:///etc/passwd)',
  '<javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '![img](javascript:alert(1))',
  '![img](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==)',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![img](https://img.example/a.png "x\\" onerror=\\"alert(1)")',
  '[x](https://ok.example "t\\" onmouseover=\\"alert(1)")',
  '```html onerror=alert(1)\n<script>alert(1)</script>\n```',
  '| a | b |\n|:--|--:|\n| <img src=x onerror=alert(1)> | [y](javascript:alert(1)) |',
];

describe.each(dbTargets())('markdown on $name', (target) => {
  let f: ContentFixture;
  let writer: SignedIn;
  beforeAll(async () => {
    f = await contentFixture(target);
    writer = await f.server.member({ role: 'moderator' });
  });
  afterAll(async () => { await f.server.close(); });

  const render = async (body: string) => (await writePost(writer.client, { categoryId: f.category.id, body })).bodyHtml as string;

  it('keeps script, handlers, styles and dangerous URLs out of posts and comments', async () => {
    const post = await writePost(writer.client, { categoryId: f.category.id });
    await inBatches(attacks, 8, async (body) => {
      const html = await render(body);
      expect(scriptRisks(html), `${body}\n→ ${html}`).toEqual([]);
      expect(html, body).not.toMatch(/<(script|iframe|svg|math|style|details)\b/i);
      const comment = await writeComment(writer.client, post.id, body);
      expect(scriptRisks(comment.bodyHtml), `${body}\n→ ${comment.bodyHtml}`).toEqual([]);
      // What was written is kept as written; only the HTML is made safe.
      expect(comment.body).toBe(body);
    });
  });

  it('shows raw HTML as text instead of dropping what the member wrote', async () => {
    const html = await render('Use <b>bold</b> & <script>x</script>');
    expect(html).toBe('<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>\n');
  });

  it('drops data: images but keeps ordinary ones', async () => {
    expect(await render('![pic](https://img.example/a.png)')).toContain('<img src="https://img.example/a.png" alt="pic" />');
    expect(await render('![pic](data:image/png;base64,iVBORw0KGgo=)')).not.toContain('data:');
  });

  it('marks links to other sites nofollow ugc noopener, and not links within the site', async () => {
    const base = f.server.config.baseUrl;
    const external = await render('[out](https://example.com/page) and https://example.org/bare and [mail](mailto:a@example.com)');
    const anchors = [...external.matchAll(/<a [^>]*>/g)].map(([a]) => a);
    expect(anchors).toHaveLength(3);
    for (const a of anchors) expect(a).toContain('rel="nofollow ugc noopener"');
    expect(external).toContain('href="https://example.org/bare"');

    const internal = await render(`[here](/posts/1) and [there](${base}/users/x) and [hash](#top)`);
    const own = [...internal.matchAll(/<a [^>]*>/g)].map(([a]) => a);
    expect(own).toHaveLength(3);
    for (const a of own) expect(a).not.toContain('rel=');
    // A host that merely starts like ours is another site.
    const lookalike = await render(`[x](${base}.evil.example/)`);
    expect(lookalike).toContain('rel="nofollow ugc noopener"');
    // Raw HTML cannot set rel to lose the nofollow: it stays text, and only the linkified URL is a link.
    const raw = await render('<a href="https://example.com" rel="follow">x</a>');
    const rawAnchors = [...raw.matchAll(/<a [^>]*>/g)].map(([a]) => a);
    expect(rawAnchors.length).toBeLessThanOrEqual(1);
    for (const a of rawAnchors) expect(a).toMatch(/^<a href="[^"]*" rel="nofollow ugc noopener">$/);
  });

  it('renders code blocks, inline code, lists, quotes and tables', async () => {
    const code = await render('```ts\nconst a = 1 < 2 && "x";\n```\n\nand `inline <b>`');
    expect(code).toContain('<pre><code class="language-ts">const a = 1 &lt; 2 &amp;&amp; "x";\n</code></pre>');
    expect(code).toContain('<code>inline &lt;b&gt;</code>');
    const table = await render('| name | n |\n|:-----|--:|\n| **a** | 1 |\n| b | 2 |');
    expect(table).toMatch(/<table>\s*<thead>\s*<tr>\s*<th[^>]*>name<\/th>/);
    expect(table).toContain('<td align="left"><strong>a</strong></td>');
    expect(table).toContain('<td align="right">2</td>');
    expect(table).toContain('<th align="left">name</th>');
    expect(table).not.toContain('style=');
    const misc = await render('> quoted\n\n1. one\n2. two\n\n- [x] done\n\n~~gone~~\n\nline one\nline two');
    expect(misc).toContain('<blockquote>');
    expect(misc).toContain('<ol>\n<li>one</li>');
    expect(misc).toContain('<s>gone</s>');
    expect(misc).toContain('line one<br />\nline two');
  });

  it('makes a plain-text excerpt for lists', async () => {
    const post = await writePost(writer.client, { categoryId: f.category.id, body: '# Title\n\n**Bold** <script>x</script> [link](https://e.example)\n\n```\ncode\n```' });
    expect(post.excerpt).toBe('Title Bold <script>x</script> link code');
    const long = await writePost(writer.client, { categoryId: f.category.id, body: '字'.repeat(400) });
    expect([...long.excerpt]).toHaveLength(160);
    expect(long.excerpt.endsWith('…')).toBe(true);
  });
});
