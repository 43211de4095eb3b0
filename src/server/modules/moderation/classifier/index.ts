/** The classifier's public face inside the moderation module. */
import fs from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { examplesFromCsv } from './dataset.ts';
import { Classifier, train, type Example, type SerializedModel, type TrainOptions } from './model.ts';

export { Classifier, defaultThresholds, type Example, type SerializedModel, type Thresholds } from './model.ts';
export { evaluate, type Evaluation } from './metrics.ts';
export { examplesFromCsv } from './dataset.ts';
export { parseCsvRecords, toCsv } from './csv.ts';

/** The model shipped with Hearth, trained on COLD's train split (see NOTICE). */
export const defaultModelFile = fileURLToPath(new URL('../../../../../models/moderation-default.json.gz', import.meta.url));

const stanceFile = fileURLToPath(new URL('../fixtures/stance-train.csv', import.meta.url));
/** How many times the hand-written stance examples count: a few dozen lines must be heard
 * over tens of thousands in which naming a group mostly goes with an attack on it. */
const STANCE_WEIGHT = 10;

/** The options the shipped model was built with. */
export const shippedTrainOptions: Partial<TrainOptions> = { features: { bits: 20, minN: 1, maxN: 2 } };

/** Trains on the given examples plus Hearth's stance examples (texts opposing prejudice). */
export async function trainModel(examples: Example[], options: Partial<TrainOptions> = shippedTrainOptions): Promise<Classifier> {
  const stance = examplesFromCsv(fs.readFileSync(stanceFile, 'utf8'));
  const all = examples.slice();
  for (let i = 0; i < STANCE_WEIGHT; i++) all.push(...stance);
  return train(all, options);
}

export function readModelFile(file: string): Classifier {
  const bytes = fs.readFileSync(file);
  const json = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return Classifier.deserialize(JSON.parse(json) as SerializedModel);
}

export function writeModelFile(file: string, model: Classifier): void {
  const json = JSON.stringify(model.serialize());
  fs.writeFileSync(file, file.endsWith('.gz') ? gzipSync(json, { level: 9 }) : json);
}

let shipped: Classifier | null = null;
export function loadDefaultModel(): Classifier {
  shipped ??= readModelFile(defaultModelFile);
  return shipped;
}
