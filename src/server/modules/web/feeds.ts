import type { FastifyInstance } from 'fastify';
import { links } from '../../../web/routes.ts';
import type { Category, Page, PostListItem } from '../../../web/types.ts';
import { escapeHtml } from './document.ts';

async function read<T>(app: FastifyInstance, path: string): Promise<T | null> {
  const res = await app.inject({ method: 'GET', url: `/api/v1${path}` });
  return res.statusCode === 200 ? (res.json() as T) : null;
}

const SITEMAP_POSTS = 1000;

/** sitemap.xml: the home page, every category and the most recent posts. */
export async function sitemap(app: FastifyInstance): Promise<string> {
  const base = app.hearth.config.baseUrl;
  const urls: { loc: string; lastmod?: string }[] = [{ loc: `${base}/` }];
  const cats = await read<{ items: Category[] }>(app, '/categories');
  for (const c of cats?.items ?? []) urls.push({ loc: base + links.category(c.slug) });
  let cursor: string | null = null;
  let count = 0;
  do {
    const page: Page<PostListItem> | null = await read<Page<PostListItem>>(app, `/posts?sort=latest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!page) break;
    for (const p of page.items) urls.push({ loc: base + links.post(p.id), lastmod: p.updatedAt });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && count < SITEMAP_POSTS);
  const body = urls.map((u) => `  <url><loc>${escapeHtml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

/** RSS 2.0 of the latest posts. */
export async function rssFeed(app: FastifyInstance, title: string, description: string, language: string): Promise<string> {
  const base = app.hearth.config.baseUrl;
  const page = await read<Page<PostListItem>>(app, '/posts?sort=latest&limit=30');
  const e = escapeHtml;
  const items = (page?.items ?? []).map((p) => [
    '    <item>',
    `      <title>${e(p.title)}</title>`,
    `      <link>${e(base + links.post(p.id))}</link>`,
    `      <guid isPermaLink="true">${e(base + links.post(p.id))}</guid>`,
    `      <pubDate>${new Date(p.createdAt).toUTCString()}</pubDate>`,
    `      <category>${e(p.category.name)}</category>`,
    `      <description>${e(p.excerpt)}</description>`,
    '    </item>',
  ].join('\n')).join('\n');
  const newest = page?.items[0]?.createdAt;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n  <channel>\n` +
    `    <title>${e(title)}</title>\n    <link>${e(base)}/</link>\n    <description>${e(description)}</description>\n` +
    `    <language>${language === 'en' ? 'en' : 'zh-cn'}</language>\n` +
    `    <atom:link href="${e(base)}/feed.xml" rel="self" type="application/rss+xml"/>\n` +
    (newest ? `    <lastBuildDate>${new Date(newest).toUTCString()}</lastBuildDate>\n` : '') +
    `${items}\n  </channel>\n</rss>\n`;
}
