import { seededRandom, shuffleInPlace } from '../packages/core/src/index.ts';

/**
 * A one-hidden-layer perceptron over dense vectors (ReLU, dropout, softmax output), trained by Adam on
 * mini-batches with a linearly decaying step: the classifier Casanueva et al. (2020) put on top of sentence
 * encoders. A linear model reads a sentence vector only along fixed directions; the hidden layer lets it
 * combine them, which is what the complaints model takes from it (its linear view of the vectors adds less).
 *
 * Cost per example and epoch: ≈ 2 × inputs × hidden + 3 × hidden × classes multiply-adds (≈ 0.3 M for
 * 512 → 256 → 2), so 2 000 sentence vectors × 20 epochs take a few seconds on one core.
 */

/** Training settings. */
export interface MlpOptions {
  /** Hidden units (default 256). */
  hidden?: number;
  /** Passes over the data (default 20). */
  epochs?: number;
  /** Adam's initial step, decayed linearly to 5 % of it (default 1e-3). */
  learningRate?: number;
  /** Mini-batch size (default 32). */
  batch?: number;
  /** Share of hidden units dropped in each training step (default 0.5). */
  dropout?: number;
  /** Weight classes inversely to their frequency (default false). */
  balanced?: boolean;
  /** Seed of the initialisation, shuffling and dropout PRNG (default 1). */
  seed?: number;
}

/** A trained network: `w1[hidden × inputs]`, `w2[classes × hidden]`. */
export interface Mlp {
  inputs: number;
  hidden: number;
  classes: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

/** Class scores (logits) of one input. */
export const mlpLogits = (m: Mlp, x: ArrayLike<number>): Float64Array => {
  const hid = new Float64Array(m.hidden);
  for (let j = 0; j < m.hidden; j++) {
    let s = m.b1[j] ?? 0;
    const at = j * m.inputs;
    for (let i = 0; i < m.inputs; i++) s += (m.w1[at + i] ?? 0) * (x[i] ?? 0);
    hid[j] = s > 0 ? s : 0;
  }
  const out = new Float64Array(m.classes);
  for (let c = 0; c < m.classes; c++) {
    let s = m.b2[c] ?? 0;
    const at = c * m.hidden;
    for (let j = 0; j < m.hidden; j++) s += (m.w2[at + j] ?? 0) * (hid[j] ?? 0);
    out[c] = s;
  }
  return out;
};

/** Trains the network on inputs of one length; `ys` are class indices in 0..classes-1. */
export const trainMlp = (
  xs: readonly ArrayLike<number>[],
  ys: Int32Array,
  classes: number,
  options: MlpOptions = {},
): Mlp => {
  const d = xs[0]?.length ?? 0;
  const h = options.hidden ?? 256;
  const k = classes;
  const epochs = options.epochs ?? 20;
  const lr0 = options.learningRate ?? 1e-3;
  const batch = options.batch ?? 32;
  const drop = options.dropout ?? 0.5;
  const random = seededRandom(options.seed ?? 1);
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const m: Mlp = {
    inputs: d,
    hidden: h,
    classes: k,
    w1: Float32Array.from({ length: h * d }, () => gauss() * Math.sqrt(2 / d)),
    b1: new Float32Array(h),
    w2: Float32Array.from({ length: k * h }, () => gauss() * Math.sqrt(1 / h)),
    b2: new Float32Array(k),
  };
  const counts = new Float64Array(k);
  for (const y of ys) counts[y] = (counts[y] ?? 0) + 1;
  const weightOf = (y: number): number => (options.balanced === true ? ys.length / (k * (counts[y] ?? 1)) : 1);
  const params = [m.w1, m.b1, m.w2, m.b2];
  const grads = params.map((p) => new Float32Array(p.length));
  const moment1 = params.map((p) => new Float32Array(p.length));
  const moment2 = params.map((p) => new Float32Array(p.length));
  const [gw1, gb1, gw2, gb2] = grads as [Float32Array, Float32Array, Float32Array, Float32Array];
  const hid = new Float64Array(h);
  const dh = new Float64Array(h);
  const s = new Float64Array(k);
  const order = Int32Array.from(xs.keys());
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const lr = lr0 * Math.max(0.05, 1 - epoch / epochs);
    shuffleInPlace(order, random);
    for (let start = 0; start < order.length; start += batch) {
      for (const g of grads) g.fill(0);
      const size = Math.min(batch, order.length - start);
      for (let q = 0; q < size; q++) {
        const n = order[start + q] ?? 0;
        const x = xs[n];
        if (x === undefined) continue;
        const y = ys[n] ?? 0;
        // Forward, with inverted dropout on the hidden layer.
        for (let j = 0; j < h; j++) {
          if (drop > 0 && random() < drop) {
            hid[j] = 0;
            continue;
          }
          let v = m.b1[j] ?? 0;
          const at = j * d;
          for (let i = 0; i < d; i++) v += (m.w1[at + i] ?? 0) * (x[i] ?? 0);
          hid[j] = v > 0 ? v / (1 - drop) : 0;
        }
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          let v = m.b2[c] ?? 0;
          const at = c * h;
          for (let j = 0; j < h; j++) v += (m.w2[at + j] ?? 0) * (hid[j] ?? 0);
          s[c] = v;
          max = Math.max(max, v);
        }
        let z = 0;
        for (let c = 0; c < k; c++) z += s[c] = Math.exp((s[c] ?? 0) - max);
        // Backward: softmax cross-entropy, mean over the batch.
        dh.fill(0);
        const sw = weightOf(y) / size;
        for (let c = 0; c < k; c++) {
          const g = sw * ((s[c] ?? 0) / z - (c === y ? 1 : 0));
          if (g > -1e-9 && g < 1e-9) continue;
          gb2[c] = (gb2[c] ?? 0) + g;
          const at = c * h;
          for (let j = 0; j < h; j++) {
            const hj = hid[j] ?? 0;
            if (hj === 0) continue;
            gw2[at + j] = (gw2[at + j] ?? 0) + g * hj;
            dh[j] = (dh[j] ?? 0) + g * (m.w2[at + j] ?? 0);
          }
        }
        for (let j = 0; j < h; j++) {
          if ((hid[j] ?? 0) === 0) continue;
          const g = (dh[j] ?? 0) / (1 - drop);
          gb1[j] = (gb1[j] ?? 0) + g;
          const at = j * d;
          for (let i = 0; i < d; i++) gw1[at + i] = (gw1[at + i] ?? 0) + g * (x[i] ?? 0);
        }
      }
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      params.forEach((w, p) => {
        const g = grads[p];
        const a = moment1[p];
        const v = moment2[p];
        if (g === undefined || a === undefined || v === undefined) return;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i] ?? 0;
          a[i] = 0.9 * (a[i] ?? 0) + 0.1 * gi;
          v[i] = 0.999 * (v[i] ?? 0) + 0.001 * gi * gi;
          w[i] = (w[i] ?? 0) - (lr * ((a[i] ?? 0) / c1)) / (Math.sqrt((v[i] ?? 0) / c2) + 1e-8);
        }
      });
    }
  }
  return m;
};
