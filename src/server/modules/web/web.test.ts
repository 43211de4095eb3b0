import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dbTargets, startTestServer, type SignedIn, type TestServer } from '../../platform/testing/index.ts';

function metaContent(html: string, attr: string, name: string): string | undefined {
  const re = new RegExp(`<meta ${attr}="${name}" content="([^"]*)">`);
  return re.exec(html)?.[1];
}

describe.each(dbTargets())('web pages on $name', (target) => {
  let server: TestServer;
  let author: SignedIn;
  let postId: string;
  const evilTitle = 'Hiking </title><script>alert(1)</script> & "quotes"';

  beforeAll(async () => {
    server = await startTestServer(target);
    const admin = await server.member({ role: 'admin' });
    await admin.client.post('/api/v1/categories', { slug: 'outdoors', name: 'Outdoors', description: 'Walks and hikes' });
    author = await server.member({ username: `walker${Date.now() % 100000}` });
    const res = await author.client.post('/api/v1/posts', {
      categoryId: 'outdoors', title: evilTitle, body: 'The **best** trail is the one <b>you</b> walk.', tags: ['trail'],
    });
    expect(res.status).toBe(201);
    postId = res.body.post.id;
  });
  afterAll(async () => { await server.close(); });

  const page = async (path: string, lang = 'en') => {
    const res = await fetch(server.baseUrl + path, { headers: { 'accept-language': lang } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text(), headers: res.headers };
  };

  it('renders a post as HTML with its content, title, description, canonical URL and Open Graph tags', async () => {
    const { status, type, html } = await page(`/posts/${postId}`);
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(html).toContain('<strong>best</strong>');
    expect(html).toContain('&lt;b&gt;you&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<title>Hiking &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; · Hearth</title>');
    expect(metaContent(html, 'name', 'description')).toBe('The best trail is the one &lt;b&gt;you&lt;/b&gt; walk.');
    expect(html).toContain(`<link rel="canonical" href="${server.baseUrl}/posts/${postId}">`);
    expect(metaContent(html, 'property', 'og:type')).toBe('article');
    expect(metaContent(html, 'property', 'og:url')).toBe(`${server.baseUrl}/posts/${postId}`);
    expect(metaContent(html, 'property', 'og:title')).toContain('Hiking');
    // No inline script runs: the only inline script element is the JSON data block.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline).toEqual([' type="application/json" id="hearth-boot"']);
    // The stylesheet is a cached file, not 23 KB inlined into every page.
    expect(html).not.toContain('<style');
    for (const [, href] of html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)) {
      const css = await fetch(server.baseUrl + href);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toContain('text/css');
      expect(css.headers.get('cache-control')).toContain('immutable');
    }
    const boot = JSON.parse(/<script type="application\/json" id="hearth-boot">(.*?)<\/script>/s.exec(html)![1]!);
    expect(boot.lang).toBe('en');
    expect(boot.data.map((d: [string, unknown]) => d[0])).toContain(`/posts/${postId}`);
    // The rendered body travels once: the boot data points at the element that shows it.
    const bootPost = boot.data.find((d: [string, { post?: { bodyHtml: string } }]) => d[0] === `/posts/${postId}`)[1].post;
    expect(bootPost.bodyHtml).not.toContain('trail');
    expect(html).toMatch(new RegExp(`data-body="${postId}"[^>]*><p>The <strong>best</strong> trail`));
  });

  it('renders a page once for visitors who arrive together, and sends each of them that page', async () => {
    const { app } = server.hearth;
    const original = app.inject.bind(app);
    const apiReads: string[] = [];
    // Reads made slow, as on a busy server, so that every visitor arrives while the page renders.
    const spy = vi.spyOn(app, 'inject').mockImplementation((async (opts: { url: string }) => {
      apiReads.push(opts.url);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return original(opts as never);
    }) as never);
    try {
      const path = `/posts/${postId}?from=shared-link`;
      const pages = await Promise.all(Array.from({ length: 20 }, () => page(path)));
      expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
      expect(new Set(pages.map((p) => p.html)).size).toBe(1);
      expect(pages[0]!.html).toContain('<strong>best</strong>');
      // One render's reads (the post and its comments), not twenty.
      expect(apiReads.length).toBeGreaterThan(0);
      expect(apiReads.length).toBeLessThanOrEqual(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('speaks the language of Accept-Language, or of the language cookie', async () => {
    expect((await page('/', 'zh-CN,zh;q=0.9')).html).toContain('<html lang="zh-CN">');
    const en = await page('/', 'en-US,en;q=0.8');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Latest');
    const res = await fetch(`${server.baseUrl}/`, { headers: { 'accept-language': 'en', cookie: 'hearth_lang=zh-CN' } });
    expect(await res.text()).toContain('最新');
  });

  it('renders category, tag and profile pages with their content', async () => {
    const cat = await page('/c/outdoors');
    expect(cat.status).toBe(200);
    expect(cat.html).toContain('<title>Category: Outdoors · Hearth</title>');
    expect(metaContent(cat.html, 'name', 'description')).toBe('Walks and hikes');
    expect(cat.html).toContain('Hiking &lt;/title&gt;');
    const tag = await page('/t/trail');
    expect(tag.html).toContain('Posts tagged #trail');
    expect(tag.html).toContain(`/posts/${postId}`);
    const profile = await page(`/u/${author.username}`);
    expect(profile.status).toBe(200);
    expect(metaContent(profile.html, 'property', 'og:type')).toBe('profile');
    expect(profile.html).toContain(`@${author.username}`);
  });

  it('answers 404 pages for missing posts and members, and keeps unknown API paths problem+json', async () => {
    const missing = await page('/posts/01HZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('<meta name="robots" content="noindex">');
    expect((await page('/u/nobody-here')).status).toBe(404);
    expect((await page('/no/such/page')).status).toBe(404);
    const api = await fetch(`${server.baseUrl}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    // Client routes of the app are pages, not API 404s.
    const compose = await page('/compose');
    expect(compose.status).toBe(200);
    expect(compose.html).toContain('<meta name="robots" content="noindex">');
  });

  it('renders fresh pages for signed-in members, so their own new post is on the home page at once', async () => {
    await page('/');
    const res = await author.client.post('/api/v1/posts', { categoryId: 'outdoors', title: 'Fresh from the trail', body: 'x' });
    expect(res.status).toBe(201);
    const cookie = `hearth_session=${author.client.cookie('hearth_session')}`;
    const signedIn = await fetch(`${server.baseUrl}/`, { headers: { 'accept-language': 'en', cookie } });
    expect(await signedIn.text()).toContain('Fresh from the trail');
  });

  it('lists posts and categories in sitemap.xml, and the latest posts in a valid RSS 2.0 feed', async () => {
    const robots = await page('/robots.txt');
    expect(robots.html).toContain(`Sitemap: ${server.baseUrl}/sitemap.xml`);
    for (const hidden of ['/api/', '/admin', '/settings']) expect(robots.html).toContain(`Disallow: ${hidden}`);
    const sm = await page('/sitemap.xml');
    expect(sm.type).toContain('application/xml');
    expect(sm.html).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(sm.html).toContain(`<loc>${server.baseUrl}/posts/${postId}</loc>`);
    expect(sm.html).toContain(`<loc>${server.baseUrl}/c/outdoors</loc>`);
    const rss = await page('/feed.xml');
    expect(rss.type).toContain('application/rss+xml');
    expect(rss.html).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    for (const el of ['title', 'link', 'description']) expect(rss.html).toContain(`<${el}>`);
    const item = [...rss.html.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => m[1]!).find((i) => i.includes(postId))!;
    expect(item).toContain('<title>Hiking &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</title>');
    expect(item).toContain(`<guid isPermaLink="true">${server.baseUrl}/posts/${postId}</guid>`);
    expect(item).toMatch(/<pubDate>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/);
  });

  it('serves built assets with long cache headers and refuses paths outside the assets folder', async () => {
    const outside = await fetch(`${server.baseUrl}/assets/..%2f..%2fpackage.json`);
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toContain('problem+json');
  });

  it('sends shared pages and built files compressed to clients that accept it, and pages made for one member as they are', async () => {
    const raw = (path: string, headers: Record<string, string>) => new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http.get(server.baseUrl + path, { headers: { 'accept-language': 'en', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) })).on('error', reject);
      }).on('error', reject);
    });
    const path = `/posts/${postId}`;
    const plain = await raw(path, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    const br = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    const gz = await raw(path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(plain.body.toString());
    expect((await raw(path, { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();

    const cookie = `hearth_session=${author.client.cookie('hearth_session')}`;
    const own = await raw(path, { 'accept-encoding': 'gzip, br', cookie });
    expect(own.headers['content-encoding']).toBeUndefined();
    expect(own.body.toString()).toContain('</html>');

    const [, href] = /<link rel="stylesheet" href="([^"]+)">/.exec(plain.body.toString()) ?? [];
    if (href) {
      const css = await raw(href, {});
      const cssBr = await raw(href, { 'accept-encoding': 'br' });
      expect(cssBr.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(cssBr.body).equals(css.body)).toBe(true);
    }
  });

  it('previews Markdown exactly as the server renders posts, for signed-in members only', async () => {
    const body = 'Some **bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>';
    const res = await author.client.post('/api/v1/markdown/preview', { body });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('<strong>bold</strong>');
    expect(res.body.html).not.toMatch(/href="javascript:/i);
    expect(res.body.html).not.toMatch(/<img[^>]*onerror/);
    const post = await author.client.post('/api/v1/posts', { categoryId: 'outdoors', title: 'Same', body });
    expect(post.body.post.bodyHtml).toBe(res.body.html);
    const anonymous = await server.client().post('/api/v1/markdown/preview', { body: 'x' }, { 'accept-language': 'en' });
    expect(anonymous.status).toBe(401);
    const tooLong = await author.client.post('/api/v1/markdown/preview', { body: 'x'.repeat(50_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('body');
  });
});
