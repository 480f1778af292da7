import { describe, expect, it } from 'vitest';
import { scaleToNorm, universalSentenceEncoder } from './sentence-encoder-use.ts';

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

describe('universalSentenceEncoder', () => {
  it('encodes the shipped model offline, one 512-value vector per text, paraphrases close together', async () => {
    const encoder = await universalSentenceEncoder();
    const [lost, notArrived, weather, blank] = await encoder.embed([
      'my new card never arrived',
      'I still have not received my card',
      'will it rain in Paris tomorrow',
      '',
    ]);
    expect(encoder.dimensions).toBe(512);
    for (const v of [lost, notArrived, weather, blank]) expect(v?.length).toBe(512);
    expect(cosine(lost!, notArrived!)).toBeGreaterThan(cosine(lost!, weather!) + 0.2);
    expect(await universalSentenceEncoder()).toBe(encoder);
  });
});

describe('scaleToNorm', () => {
  it('scales a vector to the given L2 norm and leaves a zero vector zero', () => {
    const v = scaleToNorm([3, 4], 2);
    expect(v[0]).toBeCloseTo(1.2);
    expect(v[1]).toBeCloseTo(1.6);
    expect(scaleToNorm([0, 0], 2)).toEqual([0, 0]);
  });
});
