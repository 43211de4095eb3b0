import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets, startTestServer, uniqueName, type SignedIn, type TestServer } from '../../platform/testing/index.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');

describe.each(dbTargets())('moderation on $name', (target) => {
  let server: TestServer;
  let admin: SignedIn;
  let mod: SignedIn;
  let author: SignedIn;
  let categoryId: string;

  beforeAll(async () => {
    server = await startTestServer(target);
    admin = await server.member({ role: 'admin' });
    mod = await server.member({ role: 'moderator' });
    author = await server.member();
    const cat = await admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'General' });
    categoryId = cat.body.category.id;
    for (const [pattern, action, category] of [
      ['法轮', 'block', '违禁'], ['badword', 'block', 'abuse'], ['傻逼', 'replace', '辱骂'], ['代开发票', 'review', '广告'],
      ['加微信', 'flag', '引流'], ['ass', 'block', 'profanity'], ['class', 'allow', 'allow'],
    ]) {
      const res = await mod.client.post('/api/v1/moderation/words', { pattern, action, category });
      expect(res.status).toBe(201);
      expect(res.body.word).toMatchObject({ pattern, action, category });
    }
  });
  afterAll(() => server?.close());

  const post = (client = author.client, title = 'A title', body = 'Some body') =>
    client.post('/api/v1/posts', { categoryId, title, body });

  it('manages the word list: duplicates are 409 even in another spelling; members get 403; delete; CSV round trip', async () => {
    expect((await mod.client.post('/api/v1/moderation/words', { pattern: 'ＢＡＤ word', action: 'flag', category: 'x' })).status).toBe(409);
    expect((await author.client.get('/api/v1/moderation/words')).status).toBe(403);
    const list = await mod.client.get('/api/v1/moderation/words');
    expect(list.body.items.map((w: { pattern: string }) => w.pattern)).toEqual(expect.arrayContaining(['法轮', 'badword', 'class']));
    const extra = await mod.client.post('/api/v1/moderation/words', { pattern: 'temporary', action: 'flag', category: 't' });
    expect((await mod.client.delete(`/api/v1/moderation/words/${extra.body.word.id}`)).status).toBe(204);
    expect((await mod.client.delete(`/api/v1/moderation/words/${extra.body.word.id}`)).status).toBe(404);
    const imported = await mod.client.post('/api/v1/moderation/words/import', {
      csv: 'pattern,action,category\n"刷单, 返利",review,广告\nbadword,block,abuse\nnope,explode,x\n',
    });
    expect(imported.body).toEqual({ imported: 1, skipped: 2 });
    const exported = await mod.client.get('/api/v1/moderation/words/export');
    expect(exported.body.csv).toContain('"刷单, 返利",review,广告');
  });

  it('refuses a blocked word with 422 naming the category, in Chinese and English, whatever the disguise', async () => {
    const zh = await post(author.client, '标题', '这里有法轮的内容');
    expect(zh.status).toBe(422);
    expect(zh.headers.get('content-type')).toContain('application/problem+json');
    expect(zh.body.detail).toContain('违禁');
    author.client.lang = 'en';
    const en = await post(author.client, 'hello', 'you b a d w o r d');
    author.client.lang = undefined;
    expect(en.status).toBe(422);
    expect(en.body.detail).toContain('category: abuse');
    const disguises = [
      '法\u200B轮', // zero-width space
      '法.轮', '法 - 轮', '法★轮', // inserted punctuation and symbols
      '法輪', // traditional
      'ＢＡＤＷＯＲＤ', // full width
      'BadWord', 'bаdwоrd', // case; Cyrillic а and о
      'b@dw0rd', // symbols standing for letters
    ];
    // A moderator writes these: staff are not rate-limited, and their writes are checked too.
    for (const body of disguises) {
      const res = await post(mod.client, 'title', `look: ${body}!`);
      expect(res.status, body).toBe(422);
    }
    // Comments and edits are checked too.
    const ok = await post(mod.client);
    expect(ok.status).toBe(201);
    expect((await mod.client.post(`/api/v1/posts/${ok.body.post.id}/comments`, { body: '法-轮' })).status).toBe(422);
    expect((await mod.client.patch(`/api/v1/posts/${ok.body.post.id}`, { body: 'now with badword' })).status).toBe(422);
  });

  it('lets allow-listed longer words through and masks replace words with ＊', async () => {
    const author = await server.member();
    expect((await post(author.client, 'Class notes', 'first class of the year')).status).toBe(201);
    expect((await post(author.client, 'oops', 'what an ass')).status).toBe(422);
    const masked = await post(author.client, '标题', '你是个傻 逼吧');
    expect(masked.status).toBe(201);
    expect(masked.body.post.body).toBe('你是个＊ ＊吧');
    expect(masked.body.post.status).toBe('published');
  });

  it('refuses usernames with blocked words', async () => {
    const res = await server.client().post('/api/v1/auth/register', { username: 'the_badword_1', email: `${uniqueName()}@example.test`, password: 'a long enough passphrase 42' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('abuse');
  });

  it('holds a review-word post: 201 pending, 404 to others, seen by author and moderators, absent from lists until approved', async () => {
    const author = await server.member();
    const res = await post(author.client, '便宜代开发票', '联系我');
    expect(res.status).toBe(201);
    expect(res.body.post.status).toBe('pending');
    const id = res.body.post.id;
    const stranger = await server.member();
    expect((await stranger.client.get(`/api/v1/posts/${id}`)).status).toBe(404);
    expect((await server.client().get(`/api/v1/posts/${id}`)).status).toBe(404);
    expect((await author.client.get(`/api/v1/posts/${id}`)).status).toBe(200);
    expect((await mod.client.get(`/api/v1/posts/${id}`)).status).toBe(200);
    const listed = async () => (await server.client().get(`/api/v1/posts?categoryId=${categoryId}&limit=100`)).body.items.map((p: { id: string }) => p.id);
    expect(await listed()).not.toContain(id);

    const queue = await mod.client.get('/api/v1/moderation/queue?limit=100');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { targetId: string }) => i.targetId === id);
    expect(item).toMatchObject({ targetType: 'post', source: 'word', held: true });
    expect(typeof item.score).toBe('number');
    expect(item.reason).toContain('广告');
    expect(item.createdAt).toBeTruthy();

    const decided = await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'approve', note: 'fine after all' });
    expect(decided.status).toBe(200);
    expect((await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'reject' })).status).toBe(409);
    expect((await stranger.client.get(`/api/v1/posts/${id}`)).status).toBe(200);
    expect(await listed()).toContain(id);
    const categories = await server.client().get('/api/v1/categories');
    const ours = categories.body.items.find((c: { id: string }) => c.id === categoryId);
    const published = (await server.client().get(`/api/v1/posts?categoryId=${categoryId}&limit=100`)).body.items.length;
    expect(ours.postCount).toBe(published);

    const audit = await mod.client.get(`/api/v1/moderation/audit?targetId=${id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'queue.approve', actorId: mod.id, before: { status: 'pending' }, after: { status: 'published' }, note: 'fine after all' });
    expect((await mod.client.get('/api/v1/moderation/audit?q=fine after')).body.items.length).toBeGreaterThan(0);
  });

  it('flags a flag-word post: visible at once, and queued', async () => {
    const author = await server.member();
    const res = await post(author.client, 'hi', '有事加微信聊');
    expect(res.status).toBe(201);
    expect(res.body.post.status).toBe('published');
    const queue = await mod.client.get('/api/v1/moderation/queue?limit=100&source=word');
    expect(queue.body.items.some((i: { targetId: string; held: boolean }) => i.targetId === res.body.post.id && !i.held)).toBe(true);
  });

  it('hides an item reported by five different members; the same member twice counts once', async () => {
    const author = await server.member();
    const target = (await post(author.client, 'Ordinary', 'ordinary words')).body.post.id;
    const reporters = [];
    for (let i = 0; i < 5; i++) reporters.push(await server.member());
    const first = await reporters[0]!.client.post('/api/v1/reports', { targetType: 'post', targetId: target, reason: 'spam' });
    expect(first.status).toBe(201);
    expect(first.body.report).toMatchObject({ targetType: 'post', targetId: target, reason: 'spam' });
    for (let i = 0; i < 4; i++) {
      expect((await reporters[0]!.client.post('/api/v1/reports', { targetType: 'post', targetId: target, reason: 'spam again' })).status).toBe(200);
    }
    for (const r of reporters.slice(1, 4)) expect((await r.client.post('/api/v1/reports', { targetType: 'post', targetId: target, reason: 'spam' })).status).toBe(201);
    expect((await server.client().get(`/api/v1/posts/${target}`)).status).toBe(200);
    expect((await reporters[4]!.client.post('/api/v1/reports', { targetType: 'post', targetId: target, reason: 'spam' })).status).toBe(201);
    expect((await server.client().get(`/api/v1/posts/${target}`)).status).toBe(404);
    expect((await author.client.get(`/api/v1/posts/${target}`)).status).toBe(404);
    expect((await mod.client.get(`/api/v1/posts/${target}`)).status).toBe(200);
    expect((await author.client.post('/api/v1/reports', { targetType: 'post', targetId: 'nope', reason: 'x' })).status).toBe(404);

    // Rejected, the author appeals once: the item is back in the queue; a second appeal is refused.
    const queue = await mod.client.get('/api/v1/moderation/queue?limit=100&source=report');
    const item = queue.body.items.find((i: { targetId: string }) => i.targetId === target);
    expect(item).toMatchObject({ source: 'report', score: 5, held: true });
    expect((await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'reject' })).status).toBe(200);
    const appeal = await author.client.post('/api/v1/moderation/appeals', { targetType: 'post', targetId: target, reason: 'it was fine' });
    expect(appeal.status).toBe(201);
    expect(appeal.body.item).toMatchObject({ id: item.id, status: 'open', appealed: true });
    expect((await mod.client.post(`/api/v1/moderation/queue/${item.id}/decision`, { action: 'approve' })).status).toBe(200);
    expect((await server.client().get(`/api/v1/posts/${target}`)).status).toBe(200);
    expect((await author.client.post('/api/v1/moderation/appeals', { targetType: 'post', targetId: target, reason: 'again' })).status).toBe(404);
    const metrics = await mod.client.get('/api/v1/moderation/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body.queueLength).toBeGreaterThanOrEqual(0);
  });

  it('retrains from decisions and imported examples, activates and rolls back', async () => {
    const csv = fs.readFileSync(path.join(fixtures, 'tiny-labelled.csv'), 'utf8');
    const imported = await mod.client.post('/api/v1/moderation/examples/import', { csv });
    expect(imported.body.imported).toBe(24);
    const trained = await mod.client.post('/api/v1/moderation/models', { action: 'retrain', note: 'test' });
    expect(trained.status).toBe(201);
    expect(trained.body.model).toMatchObject({ version: 1, active: false });
    const activated = await mod.client.post(`/api/v1/moderation/models/${trained.body.model.id}/activate`, {});
    expect(activated.body.model.active).toBe(true);
    let models = await mod.client.get('/api/v1/moderation/models');
    expect(models.body.items.filter((m: { active: boolean }) => m.active).map((m: { id: string }) => m.id)).toEqual([trained.body.model.id]);
    expect((await mod.client.post('/api/v1/moderation/models/default/activate', {})).status).toBe(200);
    models = await mod.client.get('/api/v1/moderation/models');
    expect(models.body.items.filter((m: { active: boolean }) => m.active).map((m: { id: string }) => m.id)).toEqual(['default']);
    expect((await author.client.get('/api/v1/moderation/models')).status).toBe(403);
  });
});

describe('moderation CLI', () => {
  it('trains on a labelled CSV and evaluates, printing one JSON line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-model-'));
    const model = path.join(dir, 'model.json.gz');
    const input = path.join(fixtures, 'tiny-labelled.csv');
    const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/hearth.mjs', 'moderation', ...args], {
      cwd: path.resolve(import.meta.dirname, '../../../..'), encoding: 'utf8', env: { ...process.env, HEARTH_DATA_DIR: dir },
    });
    expect(cli('train', '--input', input, '--output', model)).toContain('24 examples');
    const out = cli('eval', '--input', input, '--model', model).trim().split('\n');
    expect(out).toHaveLength(1);
    const result = JSON.parse(out[0]!);
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'macroF1', 'n', 'precision', 'recall']);
    expect(result.n).toBe(24);
    expect(result.macroF1).toBeGreaterThanOrEqual(0.9);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});
