import type { Classifier, Example } from './model.ts';

export interface Evaluation {
  accuracy: number;
  precision: number;
  recall: number;
  macroF1: number;
  n: number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Accuracy, precision and recall of the offensive class, and macro-F1 over both classes. */
export function evaluate(model: Classifier, examples: Example[], threshold = 0.5): Evaluation {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const e of examples) {
    const predicted = model.score(e.text) >= threshold ? 1 : 0;
    if (predicted === 1 && e.label === 1) tp++;
    else if (predicted === 1) fp++;
    else if (e.label === 0) tn++;
    else fn++;
  }
  const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const negPrecision = tn + fn ? tn / (tn + fn) : 0;
  const negRecall = tn + fp ? tn / (tn + fp) : 0;
  return {
    accuracy: round(examples.length ? (tp + tn) / examples.length : 0),
    precision: round(precision),
    recall: round(recall),
    macroF1: round((f1(precision, recall) + f1(negPrecision, negRecall)) / 2),
    n: examples.length,
  };
}
