import { describe, expect, it } from 'vitest';
import { mlpLogits, trainMlp } from './mlp.ts';

describe('trainMlp', () => {
  it('learns a class that no linear model can separate (XOR of two signs)', () => {
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = i % 2 === 0 ? 1 : -1;
      const b = i % 4 < 2 ? 1 : -1;
      xs.push([a + 0.01 * (i % 7), b - 0.01 * (i % 5)]);
      ys.push(a * b > 0 ? 1 : 0);
    }
    const m = trainMlp(xs, Int32Array.from(ys), 2, { hidden: 16, epochs: 60, dropout: 0, learningRate: 1e-2 });
    const right = xs.filter((x, i) => {
      const l = mlpLogits(m, x);
      return ((l[1] ?? 0) > (l[0] ?? 0) ? 1 : 0) === ys[i];
    }).length;
    expect(right / xs.length).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and weights rare classes up when balanced', () => {
    const xs = Array.from({ length: 40 }, (_, i) => [i < 4 ? 1 : -1, (i % 3) / 3]);
    const ys = Int32Array.from(xs, (x) => ((x[0] ?? 0) > 0 ? 1 : 0));
    const options = { hidden: 8, epochs: 10, learningRate: 1e-2, seed: 5 };
    const a = trainMlp(xs, ys, 2, { ...options, balanced: true });
    const b = trainMlp(xs, ys, 2, { ...options, balanced: true });
    const plain = trainMlp(xs, ys, 2, options);
    expect(mlpLogits(a, [1, 0])).toEqual(mlpLogits(b, [1, 0]));
    const margin = (l: Float64Array): number => (l[1] ?? 0) - (l[0] ?? 0);
    expect(margin(mlpLogits(a, [0, 0.3]))).toBeGreaterThan(margin(mlpLogits(plain, [0, 0.3])));
  });
});
