import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { searchFixture, type SearchFixture } from './test-support.ts';

describe.each(dbTargets())('search dictionary on $name', (target) => {
  let f: SearchFixture;
  beforeAll(async () => { f = await searchFixture(target); });
  afterAll(async () => { await f.server.close(); });

  it('lets admins only manage custom words, with clear errors', async () => {
    const member = await f.server.member();
    const moderator = await f.server.member({ role: 'moderator' });
    expect((await f.server.client().get('/api/v1/search/words')).status).toBe(401);
    expect((await member.client.post('/api/v1/search/words', { word: '炉边社区' })).status).toBe(403);
    expect((await moderator.client.get('/api/v1/search/words')).status).toBe(403);

    const added = await f.admin.client.post('/api/v1/search/words', { word: ' 炉边社区 ' });
    expect(added.status).toBe(201);
    expect(added.body.word).toMatchObject({ word: '炉边社区' });
    const dup = await f.admin.client.post('/api/v1/search/words', { word: '炉边社区' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].field).toBe('word');
    f.admin.client.lang = 'en';
    for (const word of ['hearth', '炉', '炉 边', '炉边!', '字'.repeat(21)]) {
      const bad = await f.admin.client.post('/api/v1/search/words', { word });
      expect(bad.status, word).toBe(400);
      expect(bad.body.errors[0]).toEqual({ field: 'word', message: expect.stringMatching(/Chinese characters/) });
    }
    const list = await f.admin.client.get('/api/v1/search/words');
    expect(list.body.items.map((w: { word: string }) => w.word)).toEqual(['炉边社区']);

    expect((await f.admin.client.delete(`/api/v1/search/words/${encodeURIComponent('炉边社区')}`)).status).toBe(204);
    expect((await f.admin.client.delete(`/api/v1/search/words/${encodeURIComponent('炉边社区')}`)).status).toBe(404);
    expect((await f.admin.client.get('/api/v1/search/words')).body.items).toEqual([]);
  });

  it('keeps a custom word whole in queries: only text that has it together matches', async () => {
    const together = await f.post('一篇帖子', '大家都说星火小站很温暖。');
    const apart = await f.post('另一篇帖子', '星火燎原，小站虽小，一应俱全。');
    const found = async () => (await f.search({ q: '星火小站' })).body.items.map((i: { id: string }) => i.id).sort();
    // Without the word, jieba cuts the query into pieces that each match somewhere.
    expect(await found()).toEqual([together, apart].sort());
    expect((await f.admin.client.post('/api/v1/search/words', { word: '星火小站' })).status).toBe(201);
    expect(await found()).toEqual([together]);
    const hit = (await f.search({ q: '星火小站' })).body.items[0];
    expect(hit.snippet).toContain('<mark>星火小站</mark>');
  });
});
