import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CompressibleBody } from '../../platform/http/index.ts';
import { shrinkBoot } from '../../../web/boot.ts';
import { ServerRoot } from '../../../web/Root.tsx';
import { isLang, langFromAcceptLanguage, LANG_COOKIE, translator, type Lang } from '../../../web/i18n/index.tsx';
import { growthRoutes, matchRoute, prefetchPaths, type Match } from '../../../web/routes.ts';
import { preloadGrowthPages } from '../../../web/pages/growth/lazy.tsx';
import type { Category, Post, PublicUser } from '../../../web/types.ts';
import { readAssets, type WebAssets } from './assets.ts';
import { htmlDocument, type PageMeta } from './document.ts';

/** The member's chosen language (cookie), else the browser's. */
export function requestLang(request: FastifyRequest): Lang {
  const chosen = request.cookies[LANG_COOKIE];
  return isLang(chosen) ? chosen : langFromAcceptLanguage(request.headers['accept-language']);
}

const publicPages = new Set(['home', 'category', 'tag', 'post', 'profile']);

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function metaFor(match: Match, cache: Map<string, unknown>, paths: string[], lang: Lang, baseUrl: string, pathname: string): PageMeta {
  const t = translator(lang);
  const site = t('site.name');
  const canonical = `${baseUrl}${pathname}`;
  const base: PageMeta = { title: `${site} · ${t('site.tagline')}`, description: t('site.tagline'), canonical, ogType: 'website' };
  const first = paths[0] ? cache.get(paths[0]) : undefined;
  switch (match.name) {
    case 'post': {
      const post = (first as { post: Post } | undefined)?.post;
      if (!post) return base;
      return {
        title: `${post.title} · ${site}`, description: clip(post.excerpt || post.title), canonical, ogType: 'article',
        image: post.author.avatarUrl ? new URL(post.author.avatarUrl, baseUrl).href : null, publishedTime: post.createdAt,
      };
    }
    case 'category': {
      const cats = cache.get(paths[1] ?? '') as { items: Category[] } | undefined;
      const cat = cats?.items.find((c) => c.slug === match.params.slug);
      const name = cat?.name ?? match.params.slug ?? '';
      return { ...base, title: `${t('category.title', { name })} · ${site}`, description: clip(cat?.description || t('category.title', { name })) };
    }
    case 'tag':
      return { ...base, title: `${t('tag.title', { tag: match.params.tag ?? '' })} · ${site}`, description: t('tag.title', { tag: match.params.tag ?? '' }) };
    case 'profile': {
      const user = first as PublicUser | undefined;
      if (!user) return base;
      const name = user.displayName || user.username;
      return {
        title: `${name} (@${user.username}) · ${site}`, description: clip(user.bio || `@${user.username}`), canonical, ogType: 'profile',
        image: user.avatarUrl ? new URL(user.avatarUrl, baseUrl).href : null,
      };
    }
    case 'home':
      return base;
    default:
      return { ...base, title: site, noindex: true };
  }
}

let assetsCache: WebAssets | undefined;

/** Pages are rendered anonymously, so the same URL in the same language is the same page:
 * a few seconds of reuse absorbs a burst of visitors (a shared link) at little staleness.
 * Signed-in members always get a fresh render, so their own writes show at once. */
const MICROCACHE_MS = 3000;
const MICROCACHE_MAX = 500;

export interface RenderedPage {
  status: number;
  html: Buffer;
  /** Set for a page anyone may be sent (rendered anonymously): it may be compressed. */
  shared: CompressibleBody | null;
}

export function cachedRenderer(app: FastifyInstance) {
  // Pages are kept encoded (and compressed once asked for): a post page is over 50 KB, and
  // encoding it to UTF-8 on every hit cost more than everything else a cached hit does.
  const cache = new Map<string, RenderedPage & { expires: number }>();
  // One render per page at a time: when a busy page expires, the requests that arrive while it
  // renders wait for that render. Each had rendered and compressed the page itself: with 50
  // visitors at once, 50 renders every 3 s, 30 MB more memory and answers of up to 760 ms.
  const rendering = new Map<string, Promise<RenderedPage>>();
  const renderShared = async (request: FastifyRequest, key: string): Promise<RenderedPage> => {
    const rendered = await renderPage(app, request);
    const html = Buffer.from(rendered.html);
    const page = { status: rendered.status, html, shared: new CompressibleBody(html) };
    const now = Date.now();
    if (cache.size >= MICROCACHE_MAX) {
      for (const [k, v] of cache) if (v.expires <= now) cache.delete(k);
      if (cache.size >= MICROCACHE_MAX) cache.clear();
    }
    cache.set(key, { ...page, expires: now + MICROCACHE_MS });
    return page;
  };
  return async (request: FastifyRequest): Promise<RenderedPage> => {
    if (request.actor) {
      const page = await renderPage(app, request);
      return { status: page.status, html: Buffer.from(page.html), shared: null };
    }
    const key = `${requestLang(request)} ${request.url}`;
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit;
    let pending = rendering.get(key);
    if (!pending) {
      pending = renderShared(request, key).finally(() => rendering.delete(key));
      rendering.set(key, pending);
    }
    return pending;
  };
}

/** Server-renders any app page: the same React components the browser hydrates, fed with
 * the API reads the page makes, fetched anonymously so the HTML can be shared and cached. */
export async function renderPage(app: FastifyInstance, request: FastifyRequest): Promise<{ status: number; html: string }> {
  const url = new URL(request.url, 'http://x');
  const match = matchRoute(url.pathname, url.search);
  const lang = requestLang(request);
  const paths = prefetchPaths(match);
  const cache = new Map<string, unknown>();
  let status = match.name === 'notFound' ? 404 : 200;
  await Promise.all(paths.map(async (p, i) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1${p}`, headers: { 'accept-language': lang } });
    if (res.statusCode === 200) cache.set(p, res.json());
    else if (i === 0 && res.statusCode === 404) status = 404;
  }));
  // The browser loads these pages lazily; the server renders them in full, not their fallback.
  if (growthRoutes.has(match.name)) await preloadGrowthPages();
  const location = { pathname: url.pathname, search: url.search, hash: '' };
  const body = renderToString(createElement(ServerRoot, { location, lang, cache }));
  const { baseUrl } = app.hearth.config;
  const meta = metaFor(match, cache, paths, lang, baseUrl, url.pathname);
  if (status !== 200 || !publicPages.has(match.name)) meta.noindex = true;
  // Re-read the manifest in development builds; once found it does not change under a running server.
  assetsCache = assetsCache?.scripts.length ? assetsCache : readAssets();
  const html = htmlDocument({ lang, siteName: translator(lang)('site.name'), meta, body, boot: { lang, data: shrinkBoot([...cache], body) }, assets: assetsCache });
  return { status, html };
}
