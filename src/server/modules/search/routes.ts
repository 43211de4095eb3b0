import { Type } from '@sinclair/typebox';
import { NoContent, Page, responses, unwrap } from '../../platform/http/index.ts';
import type { Routes } from '../../platform/module.ts';
import { CustomWord, CustomWordBody, CustomWordParams, SearchQuery, SearchResult } from './schema.ts';
import type { SearchService } from './service.ts';
import type { CustomWords } from './words.ts';

export function searchRoutes(service: SearchService, words: CustomWords): Routes {
  return async (app) => {
    const tags = ['search'];

    app.get('/search', {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Search posts, comments and members',
        description: 'Chinese is segmented with jieba (plus the site dictionary) and also matched by character pairs, so a word inside a longer sentence is found; other languages match whole words, ignoring case and width. Every word of the query must match. Results are ranked, title hits above body hits, among the newest matches.',
        querystring: SearchQuery,
        response: responses({ 200: Page(SearchResult) }),
      },
    // The service answers with the body's bytes, already the schema's shape (see encodePage):
    // Fastify sends a Buffer as it is, past the serialiser the type provider expects.
    }, async (request, reply) => reply.type('application/json; charset=utf-8').send(unwrap(await service.search(request.query)) as never));

    app.get('/search/words', {
      config: { auth: 'user', permission: 'search.manage' },
      schema: { tags, summary: 'The site dictionary for Chinese segmentation (admin)', response: responses({ 200: Type.Object({ items: Type.Array(CustomWord) }) }) },
    }, async () => ({ items: await words.list() }));

    app.post('/search/words', {
      config: { auth: 'user', permission: 'search.manage' },
      schema: {
        tags,
        summary: 'Add a word to the site dictionary (admin)',
        description: 'Applies at once to new and edited items and to queries; items indexed before keep their old segmentation until `hearth search reindex` is run.',
        body: CustomWordBody,
        response: responses({ 201: Type.Object({ word: CustomWord }) }),
      },
    }, async (request, reply) => reply.code(201).send({ word: unwrap(await words.add(request.actor!, request.body.word)) }));

    app.delete('/search/words/:word', {
      config: { auth: 'user', permission: 'search.manage' },
      schema: {
        tags,
        summary: 'Remove a word from the site dictionary (admin)',
        description: 'Applies at once to new and edited items and to queries; run `hearth search reindex` to re-segment older items.',
        params: CustomWordParams,
        response: responses({ 204: NoContent }),
      },
    }, async (request, reply) => {
      unwrap(await words.remove(request.params.word));
      return reply.code(204).send(null);
    });
  };
}
