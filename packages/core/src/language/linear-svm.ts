import { seededRandom, shuffleInPlace, type SoftmaxWeights } from './softmax-regression.ts';
import type { SparseVector } from './tfidf.ts';

/**
 * One-vs-rest linear support vector machine (L2-regularised, squared hinge loss) trained in the dual by
 * coordinate descent with shrinking (Hsieh et al. 2008, the LIBLINEAR solver behind sklearn's LinearSVC).
 * The bias is an extra feature of value 1, regularised like the others, as in LIBLINEAR.
 *
 * Cost: per class O(iterations × Σ nnz(x) over the examples still active); shrinking drops examples that
 * sit well outside the margin, so most classes converge after touching each example a few times.
 * Returns weights in the same feature-major layout as the softmax model, so scoring code is shared.
 */

/** Training settings. */
export interface SvmTrainingOptions {
  /** Inverse regularisation strength, as in LinearSVC (default 1). */
  c?: number;
  /** Stop when the projected-gradient spread falls below this (default 0.1, LIBLINEAR's default). */
  tolerance?: number;
  /** Upper bound on passes per class (default 50). */
  maxIterations?: number;
  /** Give the rare positive class a cost of c × (negatives / positives) (default false). */
  balanced?: boolean;
  seed?: number;
}

/** Trains one binary SVM per class; `ys` are class indices. */
export const trainOneVsRestSvm = (
  xs: readonly SparseVector[],
  ys: Int32Array,
  classes: number,
  dims: number,
  options: SvmTrainingOptions = {},
): SoftmaxWeights => {
  const out: SoftmaxWeights = { classes, weights: new Float64Array(dims * classes), bias: new Float64Array(classes) };
  const n = xs.length;
  const qBase = Float64Array.from(xs, (x) => {
    let s = 1; // the bias feature
    for (let j = 0; j < x.val.length; j++) s += (x.val[j] ?? 0) ** 2;
    return s;
  });
  const w = new Float64Array(dims);
  const alpha = new Float64Array(n);
  const index = new Int32Array(n);
  const random = seededRandom(options.seed ?? 3);
  const cBase = options.c ?? 1;
  const eps = options.tolerance ?? 0.1;
  const maxIter = options.maxIterations ?? 50;
  // Binary classification: k = 2 with one weight vector is enough.
  const single = classes === 2;
  for (let cls = single ? 1 : 0; cls < classes; cls++) {
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    let positives = 0;
    for (let i = 0; i < n; i++) if (ys[i] === cls) positives++;
    const cPos = options.balanced === true && positives > 0 ? (cBase * (n - positives)) / positives : cBase;
    const dPos = 0.5 / cPos;
    const dNeg = 0.5 / cBase;
    for (let i = 0; i < n; i++) index[i] = i;
    let active = n;
    let pgMaxOld = Infinity;
    for (let iter = 0; iter < maxIter; iter++) {
      let pgMax = -Infinity;
      let pgMin = Infinity;
      shuffleInPlace(index, random, active);
      for (let s = 0; s < active; s++) {
        const i = index[s] ?? 0;
        const x = xs[i];
        if (x === undefined) continue;
        const y = ys[i] === cls ? 1 : -1;
        const d = y > 0 ? dPos : dNeg;
        let dot = b;
        for (let j = 0; j < x.idx.length; j++) dot += (w[x.idx[j] ?? 0] ?? 0) * (x.val[j] ?? 0);
        const a = alpha[i] ?? 0;
        const g = y * dot - 1 + d * a;
        let pg = g;
        if (a === 0) {
          if (g > pgMaxOld) {
            // Shrink: far outside the margin and not a support vector.
            active--;
            index[s] = index[active] ?? 0;
            index[active] = i;
            s--;
            continue;
          }
          if (g > 0) pg = 0;
        }
        if (pg > pgMax) pgMax = pg;
        if (pg < pgMin) pgMin = pg;
        if (pg > 1e-12 || pg < -1e-12) {
          const next = Math.max(a - g / ((qBase[i] ?? 1) + d), 0);
          const delta = (next - a) * y;
          alpha[i] = next;
          for (let j = 0; j < x.idx.length; j++) {
            const f = x.idx[j] ?? 0;
            w[f] = (w[f] ?? 0) + delta * (x.val[j] ?? 0);
          }
          b += delta;
        }
      }
      if (pgMax - pgMin <= eps) {
        if (active === n) break;
        // Converged on the shrunk set: check every example once more before stopping.
        active = n;
        pgMaxOld = Infinity;
        continue;
      }
      pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    }
    if (single) {
      // Class 1 gets +score, class 0 −score: the same decision as one binary machine.
      for (let f = 0; f < dims; f++) {
        out.weights[f * 2 + 1] = (w[f] ?? 0) / 2;
        out.weights[f * 2] = -(w[f] ?? 0) / 2;
      }
      out.bias[1] = b / 2;
      out.bias[0] = -b / 2;
    } else {
      for (let f = 0; f < dims; f++) out.weights[f * classes + cls] = w[f] ?? 0;
      out.bias[cls] = b;
    }
  }
  return out;
};
