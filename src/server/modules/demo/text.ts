import type { Rng } from './random.ts';
import { genericReplies, threadReplies, type BoardTemplate } from './templates.ts';
import { words, type Slot } from './words.ts';

/** Values a text already chose, so `{city}` names the same city throughout one post. */
export type Bindings = Map<string, string>;

const numbers: Record<string, [number, number]> = { n: [2, 9], age: [26, 38] };

/** Fills `{slot}` and `{slot2}` placeholders; `fixed` pins slots to the writer's own details. */
export function fill(template: string, rng: Rng, bindings: Bindings = new Map(), fixed: Record<string, string> = {}): string {
  return template.replace(/\{(\w+?)(2?)\}/g, (whole, name: string, second: string) => {
    const key = name + second;
    if (!second && fixed[name] !== undefined) return fixed[name]!;
    const bound = bindings.get(key);
    if (bound !== undefined) return bound;
    let value: string;
    if (numbers[name]) {
      value = String(rng.int(...numbers[name]!));
    } else if (name in words) {
      const list = words[name as Slot] as readonly string[];
      const first = fixed[name] ?? bindings.get(name);
      // The second draw differs from the first: "耳机和耳机该选哪个" reads wrong.
      const choices = second ? list.filter((w) => w !== first) : list;
      value = rng.pick(choices);
    } else {
      return whole;
    }
    bindings.set(key, value);
    return value;
  });
}

export interface Writer {
  city: string;
  job: string;
  hobby: string;
}

export function writePost(board: BoardTemplate, rng: Rng, writer: Writer): { title: string; body: string; tags: string[] } {
  const b: Bindings = new Map();
  const fixed = { city: writer.city, job: writer.job, hobby: writer.hobby };
  const title = fill(rng.pick(board.titles), rng, b, fixed);
  const parts = [fill(rng.pick(board.openings), rng, b, fixed)];
  const middles = rng.sample(board.middles, rng.weighted([2, 5, 3]));
  for (const m of middles) parts.push(fill(m, rng, b, fixed));
  parts.push(fill(rng.pick(board.endings), rng, b, fixed));
  const tags = rng.sample(board.tags, rng.int(0, 2));
  return { title, body: parts.join('\n\n'), tags };
}

export function writeReply(board: BoardTemplate, rng: Rng, replyTo: string | null): string {
  if (replyTo && rng.chance(0.7)) return fill(rng.pick(threadReplies), rng, new Map([['to', replyTo]]));
  const first = fill(rng.chance(0.7) ? rng.pick(board.replies) : rng.pick(genericReplies), rng);
  // Now and then a reply goes on for a second sentence, as people do.
  if (rng.chance(0.25)) {
    const stop = /[。！？!?～~）)\p{Extended_Pictographic}]$/u.test(first) ? '' : rng.pick(['。', '！', '，']);
    const gap = stop === '，' ? '' : rng.pick(['', '', '\n\n']);
    return `${first}${stop}${gap}${fill(rng.pick(genericReplies), rng)}。`;
  }
  return first;
}
