import { describe, expect, it } from 'vitest';
import { sparseDot, TfidfVectorizer, type TfidfJson } from './tfidf.ts';

const norm = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('TfidfVectorizer', () => {
  const texts = ['where is my card', 'my card is lost', 'exchange rate today', 'card declined at the shop'];
  const v = TfidfVectorizer.fit(texts);

  it('L2-normalises the word and character blocks separately (total norm √2)', () => {
    const x = v.transform('my card is lost');
    expect(norm(x.val)).toBeCloseTo(Math.SQRT2, 6);
  });

  it('weights rare words above common ones (idf)', () => {
    const common = v.transform('card');
    const rare = v.transform('exchange');
    // Single-word texts: the word block has one entry whose raw weight is its idf; compare via a 2-word text.
    const both = v.transform('card exchange');
    expect(common.idx.length).toBeGreaterThan(0);
    expect(rare.idx.length).toBeGreaterThan(0);
    const valueOf = (x: typeof both, single: typeof common): number => {
      const id = single.idx[0] ?? -1;
      const k = [...x.idx].indexOf(id);
      return x.val[k] ?? 0;
    };
    expect(valueOf(both, rare)).toBeGreaterThan(valueOf(both, common));
  });

  it('drops unseen features and survives a JSON round trip', () => {
    expect(v.transform('zzzzqqq').idx.length).toBe(0);
    const copy = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())) as TfidfJson);
    const a = v.transform('card lost');
    const b = copy.transform('card lost');
    expect([...b.idx]).toEqual([...a.idx]);
    expect([...b.val]).toEqual([...a.val]);
  });

  it('minDf removes features seen in fewer texts', () => {
    expect(TfidfVectorizer.fit(texts, { minDf: 2 }).size).toBeLessThan(v.size);
  });

  it('sparseDot of a vector with itself is its squared norm and leaves the scratch clean', () => {
    const x = v.transform('card declined');
    const scratch = new Float64Array(v.size);
    expect(sparseDot(x, x, scratch)).toBeCloseTo(norm(x.val) ** 2, 9);
    expect(scratch.every((s) => s === 0)).toBe(true);
  });
});
