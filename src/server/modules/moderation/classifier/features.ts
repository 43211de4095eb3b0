/**
 * Feature extraction: hashed character n-grams of the normalised text, plus a few context
 * features that let the model tell a text attacking a group from one opposing prejudice
 * against it (both name the group; only the first is offensive).
 */
import { toClassifierText } from '../normalize.ts';

export interface FeatureOptions {
  /** log2 of the hashed feature space. */
  bits: number;
  minN: number;
  maxN: number;
  /** Also pairs of characters one apart (a_c), which survive a varied middle character. */
  skip?: boolean;
}

export const defaultFeatureOptions: FeatureOptions = { bits: 18, minN: 1, maxN: 3 };

const places = '北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙 西藏 宁夏 新疆 香港 澳门 东北 西北 南方 北方 农村 外地 外省 本地 温州 潮汕 苏北';
const groupWords = [
  ...places.split(' ').map((p) => `${p}人`),
  '黑人', '白人', '黄种人', '非洲', '外国人', '老外', '洋人', '穆斯林', '少数民族', '民族', '种族', '肤色',
  '女性', '女人', '女生', '男性', '男人', '男生', '女权', '男权', '同性恋', '性别', '残疾人', '地域', '农民工',
];
const oppositionCues = [
  '反对', '反歧视', '歧视', '偏见', '刻板印象', '不要', '不应该', '不该', '别再', '拒绝', '抵制', '停止', '是错', '不对',
  '尊重', '平等', '一视同仁', '一概而论', '以偏概全', '地域黑', '地图炮', '无论', '都是人', '个例', '个别', '不代表',
  '不能因为', '不分', '包容', '理解', '正常', '没有区别', '都一样',
];

/** 32-bit FNV-1a step. */
function mix(h: number, code: number): number {
  return Math.imul(h ^ code, 16777619) >>> 0;
}

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

const NGRAM_SEED = 2166136261;
const CUE_SEED = 0x9e3779b9;

/** Feature indices (with repeats for repeated n-grams) of a raw text. */
export function featuresOf(raw: string, options: FeatureOptions = defaultFeatureOptions): Uint32Array {
  const text = `\u0002${toClassifierText(raw)}\u0003`;
  const mask = (1 << options.bits) - 1;
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let h = NGRAM_SEED;
    for (let n = 1; n <= options.maxN && i + n <= text.length; n++) {
      h = mix(h, text.charCodeAt(i + n - 1));
      if (n >= options.minN) out.push(mix(h, n) & mask);
    }
    if (options.skip && i + 2 < text.length) out.push(mix(mix(mix(NGRAM_SEED, text.charCodeAt(i)), text.charCodeAt(i + 2)), 99) & mask);
  }
  for (const name of stanceFeatures(text)) out.push(hashString(name, CUE_SEED) & mask);
  return Uint32Array.from(out);
}

const generalising = /^.{0,3}?(都|全|就是|没一个|个个|一律)/u;
const negation = /(不代表|不是|并不|别说|不要说|不能说|不能因为|谁说|那些说|有人说|说.{0,2}$)/u;

/** Names of the stance features of a normalised text: which opposition cues appear, whether
 * one sits near a group word, and whether a sweeping claim about a group ("X人都…") is
 * asserted or denied. */
function stanceFeatures(text: string): string[] {
  const names: string[] = [];
  const cues = oppositionCues.filter((c) => text.includes(c));
  for (const c of cues) names.push(`cue:${c}`);
  let groups = 0;
  for (const g of groupWords) {
    for (let at = text.indexOf(g); at >= 0; at = text.indexOf(g, at + g.length)) {
      groups++;
      const before = text.slice(Math.max(0, at - 12), at);
      const after = text.slice(at + g.length, at + g.length + 12);
      if (cues.some((c) => before.includes(c) || after.includes(c))) names.push('cue-near-group');
      if (generalising.test(after)) names.push(negation.test(text.slice(Math.max(0, at - 10), at)) ? 'generalisation-denied' : 'generalisation');
    }
  }
  if (groups) {
    names.push('group');
    // A cue in the same text as a group word: the pair, not either alone, signals the stance.
    for (const c of cues) names.push(`group×${c}`);
  }
  return names;
}
