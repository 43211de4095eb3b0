import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../platform/testing/index.ts';
import { searchFixture, type SearchFixture } from './test-support.ts';

/** The same data on every database, with the queries and what each must return (by title). */
const posts = [
  { title: '社区运营手册', body: '如何提高社区用户的留存率和活跃度，是每个运营都关心的问题。' },
  { title: '留存率分析', body: '本周的留存率比上周高。Retention is up.' },
  { title: 'Hearth 使用指南', body: 'Hearth 是一个开源平台，支持中文搜索。' },
  { title: '活动回顾', body: '春季活动吸引了很多新用户，retention 也不错。' },
  { title: '闲聊', body: '今天天气很好，适合出去走走。' },
];
const comment = { on: '闲聊', body: '我觉得留存率更重要。', label: 'comment:闲聊' };

/** `first`: the best hit, where its score is clearly ahead; `all`: every hit, in any order. */
const expectations: { q: string; first?: string; all: string[] }[] = [
  { q: '留存率', first: '留存率分析', all: ['留存率分析', '社区运营手册', comment.label] },
  { q: 'RETENTION', all: ['留存率分析', '活动回顾'] },
  { q: 'Hearth 平台', first: 'Hearth 使用指南', all: ['Hearth 使用指南'] },
  { q: '活动', first: '活动回顾', all: ['活动回顾'] },
  { q: '用户', all: ['社区运营手册', '活动回顾'] },
  { q: '天气 走走', all: ['闲聊'] },
  { q: '存率', first: '留存率分析', all: ['留存率分析', '社区运营手册', comment.label] },
];

describe('search gives the same answers on every database', () => {
  const fixtures: { name: string; f: SearchFixture; labels: Map<string, string> }[] = [];

  beforeAll(async () => {
    for (const target of dbTargets()) {
      const f = await searchFixture(target);
      const labels = new Map<string, string>();
      const byTitle = new Map<string, string>();
      for (const p of posts) {
        const id = await f.post(p.title, p.body);
        labels.set(id, p.title);
        byTitle.set(p.title, id);
      }
      labels.set(await f.comment(byTitle.get(comment.on)!, comment.body), comment.label);
      fixtures.push({ name: target.name, f, labels });
    }
  });
  afterAll(async () => { await Promise.all(fixtures.map(({ f }) => f.server.close())); });

  it('returns the same items, and the same best hit where scores differ clearly', async () => {
    const answers = new Map<string, string[][]>();
    for (const { name, f, labels } of fixtures) {
      for (const e of expectations) {
        const res = await f.search({ q: e.q });
        expect(res.status, `${name} ${e.q}`).toBe(200);
        const got: string[] = res.body.items.map((i: { id: string }) => labels.get(i.id) ?? i.id);
        expect([...got].sort(), `${name} ${e.q}`).toEqual([...e.all].sort());
        if (e.first) expect(got[0], `${name} ${e.q}`).toBe(e.first);
        answers.set(e.q, [...(answers.get(e.q) ?? []), got]);
      }
    }
    for (const [q, lists] of answers) {
      for (const list of lists) expect(new Set(list), q).toEqual(new Set(lists[0]));
    }
  });
});
