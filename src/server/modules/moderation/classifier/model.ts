/**
 * Logistic regression over hashed features, trained by AdaGrad with L2 regularisation, and
 * calibrated by Platt scaling on a held-out slice so that its scores read as probabilities.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { defaultFeatureOptions, featuresOf, type FeatureOptions } from './features.ts';

export interface Example {
  text: string;
  /** 1 offensive, 0 acceptable. */
  label: 0 | 1;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Share of the examples held out to fit the calibration. */
  calibrationShare: number;
  seed: number;
  features: FeatureOptions;
}

export const defaultTrainOptions: TrainOptions = {
  epochs: 6, learningRate: 0.2, l2: 1e-6, calibrationShare: 0.1, seed: 7, features: defaultFeatureOptions,
};

export interface Thresholds {
  /** At or above this probability an item is queued for a look but stays visible. */
  review: number;
  /** At or above this probability an item is held (pending) until a moderator decides. */
  hold: number;
}

export const defaultThresholds: Thresholds = { review: 0.7, hold: 0.93 };

export interface SerializedModel {
  format: 'hearth-lr-1';
  features: FeatureOptions;
  bias: number;
  platt: { a: number; b: number };
  /** int8 weights times `scale`, gzip, base64. */
  scale: number;
  weights: string;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Deterministic shuffle, so a retrain on the same data gives the same model. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = Math.imul(s ^ (s >>> 15), 2246822507) >>> 0;
    s = (s ^ (s >>> 13)) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Lets the event loop breathe between chunks of work when training inside the server. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Classifier {
  constructor(
    readonly features: FeatureOptions,
    readonly weights: Float32Array,
    public bias: number,
    public platt: { a: number; b: number } = { a: 1, b: 0 },
  ) {}

  margin(featureIds: Uint32Array): number {
    let sum = 0;
    for (let i = 0; i < featureIds.length; i++) sum += this.weights[featureIds[i]!]!;
    // Texts differ in length; scaling by 1/sqrt(n) keeps long texts from saturating.
    return (featureIds.length ? sum / Math.sqrt(featureIds.length) : 0) + this.bias;
  }

  /** Calibrated probability that a text is offensive. */
  score(text: string): number {
    const z = this.margin(featuresOf(text, this.features));
    return sigmoid(this.platt.a * z + this.platt.b);
  }

  serialize(): SerializedModel {
    let max = 0;
    for (const w of this.weights) max = Math.max(max, Math.abs(w));
    const scale = max / 127 || 1;
    const q = new Int8Array(this.weights.length);
    for (let i = 0; i < q.length; i++) q[i] = Math.round(this.weights[i]! / scale);
    return {
      format: 'hearth-lr-1',
      features: this.features,
      bias: this.bias,
      platt: this.platt,
      scale,
      weights: gzipSync(Buffer.from(q.buffer), { level: 9 }).toString('base64'),
    };
  }

  static deserialize(m: SerializedModel): Classifier {
    if (m.format !== 'hearth-lr-1') throw new Error(`unknown model format ${String(m.format)}`);
    const bytes = gunzipSync(Buffer.from(m.weights, 'base64'));
    const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) weights[i] = q[i]! * m.scale;
    return new Classifier(m.features, weights, m.bias, m.platt);
  }
}

function runEpochs(model: Classifier, data: { f: Uint32Array; y: number }[], o: TrainOptions, g2: Float32Array): Promise<void> {
  return (async () => {
    let biasG2 = 1e-8;
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const order = shuffle(data, o.seed + epoch);
      for (let k = 0; k < order.length; k++) {
        const { f, y } = order[k]!;
        const p = sigmoid(model.margin(f));
        const err = p - y;
        const norm = f.length ? 1 / Math.sqrt(f.length) : 1;
        for (let i = 0; i < f.length; i++) {
          const j = f[i]!;
          // L2 is applied to the features an example touches (the usual lazy form for sparse SGD).
          const grad = err * norm + o.l2 * model.weights[j]!;
          g2[j]! += grad * grad;
          model.weights[j]! -= (o.learningRate * grad) / Math.sqrt(g2[j]! + 1e-8);
        }
        biasG2 += err * err;
        model.bias -= (o.learningRate * err) / Math.sqrt(biasG2);
        if (k % 2000 === 1999) await breathe();
      }
    }
  })();
}

/** Fits Platt's a, b by a few Newton-free gradient steps on held-out margins. */
function fitPlatt(margins: number[], labels: number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  // Platt's smoothed targets keep the fit from becoming overconfident on small sets.
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  for (let iter = 0; iter < 500; iter++) {
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < margins.length; i++) {
      const t = labels[i] === 1 ? hi : lo;
      const p = sigmoid(a * margins[i]! + b);
      ga += (p - t) * margins[i]!;
      gb += p - t;
    }
    a -= (0.5 * ga) / margins.length;
    b -= (0.5 * gb) / margins.length;
  }
  return { a, b };
}

export async function train(examples: Example[], options: Partial<TrainOptions> = {}): Promise<Classifier> {
  const o = { ...defaultTrainOptions, ...options };
  if (examples.length < 2) throw new Error('training needs at least two examples');
  const data: { f: Uint32Array; y: number }[] = [];
  for (let i = 0; i < examples.length; i++) {
    data.push({ f: featuresOf(examples[i]!.text, o.features), y: examples[i]!.label });
    if (i % 2000 === 1999) await breathe();
  }
  const dim = 1 << o.features.bits;
  const shuffled = shuffle(data, o.seed);
  const holdout = Math.floor(shuffled.length * o.calibrationShare);
  let platt = { a: 1, b: 0 };
  if (holdout >= 20) {
    // Calibrate on a model that never saw the held-out slice, then refit on everything.
    const probe = new Classifier(o.features, new Float32Array(dim), 0);
    await runEpochs(probe, shuffled.slice(holdout), o, new Float32Array(dim));
    const held = shuffled.slice(0, holdout);
    platt = fitPlatt(held.map((d) => probe.margin(d.f)), held.map((d) => d.y));
  }
  const model = new Classifier(o.features, new Float32Array(dim), 0, platt);
  await runEpochs(model, shuffled, o, new Float32Array(dim));
  return model;
}
