import type { WebAssets } from './assets.ts';

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  ogType: 'website' | 'article' | 'profile';
  image?: string | null;
  noindex?: boolean;
  publishedTime?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON inside a data block: "<" is escaped so no text can close the element early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The full HTML document around the rendered app: metadata for previews and search engines,
 * and the boot data as a non-executing JSON block (the CSP allows no inline script). */
export function htmlDocument(options: { lang: string; siteName: string; meta: PageMeta; body: string; boot: unknown; assets: WebAssets }): string {
  const { meta, assets } = options;
  const e = escapeHtml;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(meta.title)}</title>`,
    `<meta name="description" content="${e(meta.description)}">`,
    `<link rel="canonical" href="${e(meta.canonical)}">`,
    meta.noindex ? '<meta name="robots" content="noindex">' : '',
    '<meta name="theme-color" content="#b4411d">',
    `<meta property="og:site_name" content="${e(options.siteName)}">`,
    `<meta property="og:title" content="${e(meta.title)}">`,
    `<meta property="og:description" content="${e(meta.description)}">`,
    `<meta property="og:url" content="${e(meta.canonical)}">`,
    `<meta property="og:type" content="${meta.ogType}">`,
    `<meta property="og:locale" content="${options.lang === 'en' ? 'en_US' : 'zh_CN'}">`,
    meta.image ? `<meta property="og:image" content="${e(meta.image)}">` : '',
    meta.publishedTime ? `<meta property="article:published_time" content="${e(meta.publishedTime)}">` : '',
    '<meta name="twitter:card" content="summary">',
    `<link rel="alternate" type="application/rss+xml" title="${e(options.siteName)}" href="/feed.xml">`,
    '<link rel="icon" href="data:,">',
    ...assets.styles.map((href) => `<link rel="stylesheet" href="${e(href)}">`),
    ...assets.scripts.map((src) => `<script type="module" src="${e(src)}"></script>`),
  ].filter(Boolean).join('\n');
  return `<!doctype html>\n<html lang="${e(options.lang)}">\n<head>\n${head}\n</head>\n<body>\n<div id="root">${options.body}</div>\n` +
    `<script type="application/json" id="hearth-boot">${jsonForScript(options.boot)}</script>\n</body>\n</html>\n`;
}
