import type { SparseVector } from './tfidf.ts';

/**
 * Multinomial logistic regression on sparse vectors, trained by stochastic gradient descent with a linearly
 * decaying step and L2 regularisation applied through a global weight scale (Bottou 2012, "Stochastic
 * Gradient Descent Tricks"), so each step only touches the features present in the example. Classes whose
 * gradient is negligible for an example are skipped, which makes later epochs several times cheaper.
 *
 * Objective: mean over examples of sampleWeight × cross-entropy + (l2 / 2) × ‖W‖². With L2-normalised
 * inputs, `l2` ≈ 1 / (C × n) in sklearn's terms.
 *
 * Cost per epoch: O(Σ nnz(x) × classes) for the forward pass, plus the updates of the active classes.
 * Memory: dims × classes float64 weights, laid out feature-major so one feature's class weights are adjacent.
 */

/** Training settings. */
export interface SoftmaxTrainingOptions {
  /** Passes over the data (default 30). */
  epochs?: number;
  /** Initial step size, decayed linearly to 2 % of it at the last epoch (default 0.5). */
  learningRate?: number;
  /** L2 penalty λ (default 1e-5). */
  l2?: number;
  /** Per-example weights (default 1). */
  sampleWeights?: Float64Array;
  /** Seed of the shuffling PRNG (default 1). */
  seed?: number;
}

/** Trained weights: `weights[feature × classes + class]`, `bias[class]`. */
export interface SoftmaxWeights {
  classes: number;
  weights: Float64Array;
  bias: Float64Array;
}

/** Mulberry32: a tiny seeded PRNG so training is deterministic. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Shuffles the first `length` entries of `order` in place (Fisher–Yates) with `random`. */
export const shuffleInPlace = (order: Int32Array, random: () => number, length = order.length): void => {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
};

/** Writes the class scores (logits) of `x` into `out`. */
export const softmaxScores = (m: SoftmaxWeights, x: SparseVector, out: Float64Array, scale = 1): void => {
  const k = m.classes;
  const w = m.weights;
  out.fill(0);
  for (let j = 0; j < x.idx.length; j++) {
    const base = (x.idx[j] ?? 0) * k;
    const v = x.val[j] ?? 0;
    for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) + v * (w[base + c] ?? 0);
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) * scale + (m.bias[c] ?? 0);
};

/** Trains the model; `ys` are class indices in 0..classes-1. */
export const trainSoftmax = (
  xs: readonly SparseVector[],
  ys: Int32Array,
  classes: number,
  dims: number,
  options: SoftmaxTrainingOptions = {},
): SoftmaxWeights => {
  const k = classes;
  const m: SoftmaxWeights = { classes: k, weights: new Float64Array(dims * k), bias: new Float64Array(k) };
  const epochs = options.epochs ?? 30;
  const lr0 = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-5;
  const random = seededRandom(options.seed ?? 1);
  const order = Int32Array.from(xs.keys());
  const s = new Float64Array(k);
  const active = new Int32Array(k);
  const coef = new Float64Array(k);
  const w = m.weights;
  let scale = 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const lr = lr0 * Math.max(0.02, 1 - epoch / epochs);
    shuffleInPlace(order, random);
    for (let o = 0; o < order.length; o++) {
      const n = order[o] ?? 0;
      const x = xs[n];
      if (x === undefined) continue;
      const y = ys[n] ?? 0;
      softmaxScores(m, x, s, scale);
      let max = -Infinity;
      for (let c = 0; c < k; c++) if ((s[c] ?? 0) > max) max = s[c] ?? 0;
      let z = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((s[c] ?? 0) - max);
        s[c] = e;
        z += e;
      }
      const sw = options.sampleWeights?.[n] ?? 1;
      // Weight decay first (w ← (1 − ηλ) w, folded into the scale), then the loss step on active classes.
      scale *= 1 - lr * l2;
      if (scale < 1e-6) {
        for (let q = 0; q < w.length; q++) w[q] = (w[q] ?? 0) * scale;
        scale = 1;
      }
      let na = 0;
      for (let c = 0; c < k; c++) {
        const g = sw * ((s[c] ?? 0) / z - (c === y ? 1 : 0));
        if (g > -1e-5 && g < 1e-5) continue;
        m.bias[c] = (m.bias[c] ?? 0) - lr * g;
        active[na] = c;
        coef[na] = (lr * g) / scale;
        na++;
      }
      if (na === 0) continue;
      for (let j = 0; j < x.idx.length; j++) {
        const base = (x.idx[j] ?? 0) * k;
        const v = x.val[j] ?? 0;
        for (let a = 0; a < na; a++) {
          const at = base + (active[a] ?? 0);
          w[at] = (w[at] ?? 0) - (coef[a] ?? 0) * v;
        }
      }
    }
  }
  if (scale !== 1) for (let q = 0; q < w.length; q++) w[q] = (w[q] ?? 0) * scale;
  return m;
};
