import { describe, expect, it } from 'vitest';
import { trainOneVsRestSvm } from './linear-svm.ts';
import { seededRandom, softmaxScores, trainSoftmax } from './softmax-regression.ts';
import type { SparseVector } from './tfidf.ts';

/** Three separable classes in 6 dimensions: class c lights features 2c and 2c+1, plus noise. */
const dataset = (n: number, seed: number): { xs: SparseVector[]; ys: Int32Array } => {
  const random = seededRandom(seed);
  const xs: SparseVector[] = [];
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const noise = Math.floor(random() * 6);
    xs.push({ idx: Int32Array.from([2 * c, 2 * c + 1, noise]), val: Float64Array.from([0.7, 0.5, 0.3]) });
    ys[i] = c;
  }
  return { xs, ys };
};

const accuracy = (predict: (x: SparseVector) => Float64Array, xs: SparseVector[], ys: Int32Array): number => {
  let ok = 0;
  xs.forEach((x, i) => {
    const s = predict(x);
    let best = 0;
    for (let c = 1; c < s.length; c++) if ((s[c] ?? 0) > (s[best] ?? 0)) best = c;
    if (best === ys[i]) ok++;
  });
  return ok / xs.length;
};

describe('trainSoftmax', () => {
  it('learns separable classes and generalises to new samples', () => {
    const train = dataset(90, 1);
    const test = dataset(30, 2);
    const m = trainSoftmax(train.xs, train.ys, 3, 6, { epochs: 20 });
    const out = new Float64Array(3);
    expect(accuracy((x) => (softmaxScores(m, x, out), out), test.xs, test.ys)).toBe(1);
  });

  it('is deterministic for a seed', () => {
    const { xs, ys } = dataset(30, 3);
    const a = trainSoftmax(xs, ys, 3, 6, { seed: 5, epochs: 5 });
    const b = trainSoftmax(xs, ys, 3, 6, { seed: 5, epochs: 5 });
    expect([...a.weights]).toEqual([...b.weights]);
  });

  it('stronger L2 gives smaller weights', () => {
    const { xs, ys } = dataset(60, 4);
    const size = (l2: number): number =>
      trainSoftmax(xs, ys, 3, 6, { l2, epochs: 10 }).weights.reduce((s, w) => s + w * w, 0);
    expect(size(1e-1)).toBeLessThan(size(1e-5));
  });

  it('sample weights move the decision towards the heavier class', () => {
    // Two identical inputs with opposite labels: the weighted label wins.
    const x: SparseVector = { idx: Int32Array.from([0]), val: Float64Array.from([1]) };
    const m = trainSoftmax([x, x], Int32Array.from([0, 1]), 2, 1, {
      sampleWeights: Float64Array.from([1, 4]),
      epochs: 30,
    });
    const out = new Float64Array(2);
    softmaxScores(m, x, out);
    expect(out[1]).toBeGreaterThan(out[0] ?? 0);
  });
});

describe('trainOneVsRestSvm', () => {
  it('learns separable classes (multi-class and binary)', () => {
    const train = dataset(90, 1);
    const test = dataset(30, 2);
    const m = trainOneVsRestSvm(train.xs, train.ys, 3, 6);
    const out = new Float64Array(3);
    expect(accuracy((x) => (softmaxScores(m, x, out), out), test.xs, test.ys)).toBe(1);
    const binaryYs = Int32Array.from(train.ys, (y) => (y === 0 ? 1 : 0));
    const b = trainOneVsRestSvm(train.xs, binaryYs, 2, 6);
    const out2 = new Float64Array(2);
    expect(
      accuracy(
        (x) => (softmaxScores(b, x, out2), out2),
        test.xs,
        Int32Array.from(test.ys, (y) => (y === 0 ? 1 : 0)),
      ),
    ).toBe(1);
  });
});
