import fs from 'node:fs/promises';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderMarkdown } from '../../platform/markdown/index.ts';
import { responses, sendCompressible, sendProblem } from '../../platform/http/index.ts';
import type { ModuleContext, Routes } from '../../platform/module.ts';
import { translator } from '../../../web/i18n/index.tsx';
import { AssetFiles } from './assets.ts';
import { rssFeed, sitemap } from './feeds.ts';
import { cachedRenderer, requestLang } from './render.ts';

const BODY_MAX = 50_000;
const Html = Type.String({ description: 'HTML document' });

/** The member web app: built assets, server-rendered pages, sitemap, RSS and the Markdown
 * preview the editor uses. `pages` is registered at the root, `api` under /api/v1. */
export function createWeb(ctx: ModuleContext) {
  const siteOrigin = new URL(ctx.config.baseUrl).origin;

  const api: Routes = async (app) => {
    app.post('/markdown/preview', {
      config: { auth: 'user', rateLimit: { bucket: 'markdown-preview', max: 240, windowSec: 600, per: 'user' } },
      schema: {
        tags: ['web'], summary: 'Render Markdown exactly as a published post or comment would be',
        body: Type.Object({ body: Type.String({ maxLength: BODY_MAX }) }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ html: Type.String() }) }),
      },
    }, async (request) => ({ html: renderMarkdown(request.body.body, { siteOrigin }) }));
  };

  const pages: Routes = async (app) => {
    const assets = new AssetFiles();
    const hidden = { hide: true };
    app.get('/assets/*', {
      config: { auth: 'public' },
      schema: { ...hidden, response: { 200: Type.Any(), '4xx': Type.Any() } },
    }, async (request, reply) => {
      const asset = assets.get((request.params as { '*': string })['*']);
      if (!asset) return sendProblem(reply, request.lang, { kind: 'notFound', key: 'error.routeNotFound' });
      // File names carry a content hash, so they never change: cache for a year.
      reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable');
      return sendCompressible(request, reply, asset.body);
    });

    app.get('/uploads/avatars/:file', {
      config: { auth: 'public' },
      schema: { ...hidden, params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]+\\.webp$', maxLength: 100 }) }), response: { 200: Type.Any(), '4xx': Type.Any() } },
    }, async (request, reply) => {
      const body = await fs.readFile(path.join(ctx.config.dataDir, 'uploads', 'avatars', request.params.file)).catch(() => null);
      if (!body) return sendProblem(reply, request.lang, { kind: 'notFound', key: 'error.routeNotFound' });
      // Each upload gets a new name, so a cached avatar is never stale.
      return reply.type('image/webp').header('cache-control', 'public, max-age=31536000, immutable').send(body);
    });

    app.get('/sitemap.xml', { config: { auth: 'public' }, schema: { ...hidden, response: { 200: Type.String() } } },
      async (_request, reply) => reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(await sitemap(app)));

    app.get('/feed.xml', { config: { auth: 'public' }, schema: { ...hidden, response: { 200: Type.String() } } }, async (request, reply) => {
      const t = translator(requestLang(request));
      const xml = await rssFeed(app, t('site.name'), t('site.tagline'), requestLang(request));
      return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
    });

    app.get('/robots.txt', { config: { auth: 'public' }, schema: { ...hidden, response: { 200: Type.String() } } },
      async (_request, reply) => reply.type('text/plain; charset=utf-8')
        .send(`User-agent: *\nDisallow: /api/\nDisallow: /admin\nDisallow: /compose\nDisallow: /settings\nDisallow: /notifications\nSitemap: ${ctx.config.baseUrl}/sitemap.xml\n`));

    const render = cachedRenderer(app);
    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      // Unknown API paths stay problem+json; everything else is an app page.
      if (request.url === '/api' || request.url.startsWith('/api/')) {
        return sendProblem(reply, request.lang, { kind: 'notFound', key: 'error.routeNotFound' });
      }
      const { status, html, shared } = await render(request);
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('vary', 'accept-language, cookie');
      return shared ? sendCompressible(request, reply, shared) : reply.send(html);
    };
    const pageSchema = { ...hidden, response: { 200: Html, 404: Html, '4xx': Type.Any() } };
    app.get('/', { config: { auth: 'public' }, schema: pageSchema }, page);
    app.get('/*', { config: { auth: 'public' }, schema: pageSchema }, page);
  };

  return { api, pages };
}
