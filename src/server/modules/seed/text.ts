import type { Rng} from './random.ts';
import { Zipf } from './random.ts';
import { enWords, zhWords } from './words.ts';

/**
 * Synthetic prose in Chinese or English. Words come from a Zipf law over the vocabulary, so
 * search sees common and rare words in realistic proportions. The text has no Markdown syntax,
 * which lets the generator write the same HTML and excerpt the renderer would, without paying
 * for a Markdown parse per row (seed.test.ts checks they agree).
 */
export class TextMaker {
  private readonly zh = new Zipf(zhWords.length, 1.0);
  private readonly en = new Zipf(enWords.length, 1.0);

  constructor(private readonly rng: Rng) {}

  /** About 60% of a community's writing is Chinese, the rest English. */
  pickChinese(): boolean {
    return this.rng.chance(0.6);
  }

  private zhSentence(words: number): string {
    let s = '';
    for (let i = 0; i < words; i++) {
      s += zhWords[this.zh.sample(this.rng)]!;
      if (i < words - 1 && i % 5 === 4) s += '，';
    }
    return s + (this.rng.chance(0.15) ? '？' : '。');
  }

  private enSentence(words: number): string {
    const parts: string[] = [];
    for (let i = 0; i < words; i++) parts.push(enWords[this.en.sample(this.rng)]!);
    const first = parts[0]!;
    parts[0] = first[0]!.toUpperCase() + first.slice(1);
    return parts.join(' ') + (this.rng.chance(0.15) ? '?' : '.');
  }

  title(chinese: boolean): string {
    if (chinese) {
      const s = this.zhSentence(this.rng.between(3, 8));
      return s.slice(0, -1);
    }
    return this.enSentence(this.rng.between(4, 11)).slice(0, -1);
  }

  /** Paragraphs of sentences; `chars` is the rough target length. */
  paragraphs(chinese: boolean, chars: number): string[] {
    const out: string[] = [];
    let total = 0;
    while (total < chars) {
      const sentences = this.rng.between(1, 4);
      const para: string[] = [];
      for (let i = 0; i < sentences && total < chars; i++) {
        const s = chinese ? this.zhSentence(this.rng.between(4, 14)) : this.enSentence(this.rng.between(6, 18));
        para.push(s);
        total += s.length;
      }
      out.push(chinese ? para.join('') : para.join(' '));
    }
    return out;
  }

  postBody(chinese: boolean): string[] {
    return this.paragraphs(chinese, this.rng.lengthAround(chinese ? 100 : 220, 0.7, 20, 6000));
  }

  commentBody(chinese: boolean): string[] {
    return this.paragraphs(chinese, this.rng.lengthAround(chinese ? 22 : 45, 0.8, 2, 2000));
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Source text, HTML and excerpt of plain paragraphs, as the Markdown renderer would give them. */
export function renderParagraphs(paras: string[], excerptChars = 160): { body: string; html: string; excerpt: string } {
  const body = paras.join('\n\n');
  const html = paras.map((p) => `<p>${escapeHtml(p)}</p>\n`).join('');
  const text = paras.join(' ');
  let excerpt = text;
  if (text.length > excerptChars - 1) {
    const chars = [...text];
    if (chars.length > excerptChars) excerpt = `${chars.slice(0, excerptChars - 1).join('')}…`;
  }
  return { body, html, excerpt };
}
