import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config/index.ts';
import { dbTargets, startTestServer, uniqueName, type SignedIn, type TestServer } from '../../platform/testing/index.ts';
import { createSecondOpinion } from './second-opinion.ts';

// Shipped-model scores: both in the unsure band (flagged, not held, by the classifier alone).
const DEFENDS = '男性也会遭受家暴，他们的求助同样应该被认真对待。';
const INSULT = '你真是个蠢货，滚出去';
const ORDINARY = '今天天气不错，一起去公园散步吧';

type Mode = 'judge' | 'error' | 'hang';

/** A stand-in for an OpenAI-compatible chat-completions endpoint. */
function fakeLlm() {
  const state = { mode: 'judge' as Mode, calls: [] as { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const body = JSON.parse(raw) as (typeof state.calls)[number]['body'];
      state.calls.push({ auth: req.headers.authorization, body });
      if (state.mode === 'hang') return;
      if (state.mode === 'error') {
        res.writeHead(500).end('overloaded');
        return;
      }
      const text = body.messages.at(-1)!.content;
      const verdict = text.includes('蠢货') ? { violates: true, category: 'insult' } : { violates: false, category: 'none' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        id: 'chatcmpl-1', object: 'chat.completion', model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: `\`\`\`json\n${JSON.stringify(verdict)}\n\`\`\`` } }],
      }));
    });
  });
  return { server, state };
}

describe.each(dbTargets())('second opinion from a chat-completions endpoint on $name', (target) => {
  const llm = fakeLlm();
  let server: TestServer;
  let mod: SignedIn;
  let author: SignedIn;
  let postId: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => llm.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(llm.server.address() as AddressInfo).port}/v1/chat/completions`;
    server = await startTestServer(target, { moderationLlm: { url, key: 'sk-test', model: 'judge-1', timeoutMs: 300 } });
    const admin = await server.member({ role: 'admin' });
    mod = await server.member({ role: 'moderator' });
    author = await server.member({ role: 'moderator' });
    const categoryId = (await admin.client.post('/api/v1/categories', { slug: uniqueName('c').toLowerCase(), name: 'General' })).body.category.id;
    postId = (await mod.client.post('/api/v1/posts', { categoryId, title: 'seed', body: 'comments below' })).body.post.id;
  });
  afterAll(async () => {
    await server?.close();
    llm.server.closeAllConnections();
    await new Promise((resolve) => llm.server.close(resolve));
  });

  const comment = (body: string) => author.client.post(`/api/v1/posts/${postId}/comments`, { body });
  const queued = async (id: string) => (await mod.client.get('/api/v1/moderation/queue?limit=100')).body.items.find((i: { targetId: string }) => i.targetId === id);

  it('asks only about unsure texts; its "fine" clears one, its "violates" holds one for review', async () => {
    llm.state.mode = 'judge';
    llm.state.calls.length = 0;
    expect((await comment(ORDINARY)).body.comment.status).toBe('published');
    expect(llm.state.calls).toHaveLength(0);

    const cleared = await comment(DEFENDS);
    expect(cleared.body.comment.status).toBe('published');
    expect(await queued(cleared.body.comment.id)).toBeUndefined();
    expect(llm.state.calls).toHaveLength(1);
    expect(llm.state.calls[0]).toMatchObject({ auth: 'Bearer sk-test', body: { model: 'judge-1' } });
    expect(llm.state.calls[0]!.body.messages.at(-1)!.content).toBe(DEFENDS);

    const held = await comment(INSULT);
    expect(held.body.comment.status).toBe('pending');
    const item = await queued(held.body.comment.id);
    expect(item).toMatchObject({ source: 'classifier', held: true });
    expect(item.reason).toContain('llm:insult');
  });

  it('falls back to the classifier when the endpoint fails or does not answer within the timeout', async () => {
    for (const mode of ['error', 'hang'] as const) {
      llm.state.mode = mode;
      const started = Date.now();
      const res = await comment(`${DEFENDS}${mode === 'hang' ? '' : ' '}`);
      expect(res.status, mode).toBe(201);
      expect(Date.now() - started).toBeLessThan(3000);
      // The classifier alone flags it: visible, and queued for a look.
      expect(res.body.comment.status).toBe('published');
      expect(await queued(res.body.comment.id)).toMatchObject({ source: 'classifier', held: false });
    }
  });
});

describe('second opinion configuration', () => {
  it('is off by default and refuses endpoints that are not http(s)', () => {
    expect(loadConfig({}).moderationLlm).toBeUndefined();
    expect(loadConfig({ MODERATION_LLM_URL: 'https://llm.example/v1/chat/completions', MODERATION_LLM_MODEL: 'm' }).moderationLlm)
      .toMatchObject({ url: 'https://llm.example/v1/chat/completions', model: 'm', timeoutMs: 5000 });
    for (const url of ['file:///etc/passwd', 'ftp://llm.example/x', 'javascript:alert(1)', 'not a url']) {
      expect(() => loadConfig({ MODERATION_LLM_URL: url, MODERATION_LLM_MODEL: 'm' }), url).toThrow(/http\(s\)/);
      expect(() => createSecondOpinion({ url, key: undefined, model: 'm', timeoutMs: 5000 }, console), url).toThrow(/http\(s\)/);
    }
    expect(() => loadConfig({ MODERATION_LLM_URL: 'https://llm.example/' })).toThrow(/MODERATION_LLM_MODEL/);
  });
});
