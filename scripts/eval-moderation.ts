/**
 * `npm run eval:moderation`: the shipped classifier's figures on COLD dev (read from
 * ../shared/data/cold/, never copied into the repo), the false-positive rate on texts that
 * oppose prejudice, and the time to score a post and to scan a post for 10,000 words.
 * `--build` first retrains the shipped model from COLD train.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultModelFile, defaultThresholds, evaluate, examplesFromCsv, prepareNormalizer, readModelFile, trainModel, WordMatcher, writeModelFile, type WordEntry,
} from '../src/server/modules/moderation/index.ts';



const { values } = parseArgs({ options: { build: { type: 'boolean', default: false }, data: { type: 'string', default: '../shared/data/cold' } } });
const dataDir = path.resolve(values.data!);
const read = (name: string) => examplesFromCsv(fs.readFileSync(path.join(dataDir, name), 'utf8'));

prepareNormalizer();
if (values.build) {
  const started = performance.now();
  const model = await trainModel(read('train.csv'));
  writeModelFile(defaultModelFile, model);
  console.error(`trained in ${Math.round(performance.now() - started)} ms → ${defaultModelFile} (${fs.statSync(defaultModelFile).size} bytes)`);
}

const model = readModelFile(defaultModelFile);
const dev = read('dev.csv');
console.log(JSON.stringify({ dataset: 'COLD dev', ...evaluate(model, dev) }));

const fixture = fs.readFileSync(new URL('../src/server/modules/moderation/fixtures/anti-prejudice.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim() && !l.startsWith('#'));
const scores = fixture.map((t) => model.score(t));
console.log(JSON.stringify({
  dataset: 'anti-prejudice fixture (all acceptable)',
  n: fixture.length,
  flaggedAtReview: scores.filter((s) => s >= defaultThresholds.review).length / fixture.length,
  heldAtHold: scores.filter((s) => s >= defaultThresholds.hold).length / fixture.length,
  over50: scores.filter((s) => s >= 0.5).length / fixture.length,
}));

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timings = dev.slice(0, 2000).map((e) => {
  const t = performance.now();
  model.score(e.text);
  return performance.now() - t;
});
const words: WordEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: String(i), pattern: `词${String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))}${String.fromCodePoint(0x4e00 + ((i * 104729) % 20000))}${i % 10}`, action: 'block', category: 'bench',
}));
const matcher = new WordMatcher(words);
const post = dev.map((e) => e.text).join('').slice(0, 1000);
const scans = Array.from({ length: 500 }, () => {
  const t = performance.now();
  matcher.find(post);
  return performance.now() - t;
});
console.log(JSON.stringify({
  benchmark: true,
  classifierMedianMsPerPost: Number(median(timings).toFixed(4)),
  wordScanMedianMs1000CharsVs10000Words: Number(median(scans).toFixed(4)),
}));
