import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntentClassifier, type IntentClassifierJson } from './intent-classifier.ts';
import { LinearTextModel, type LabelledText, type LinearModelJson } from './linear-model.ts';
import { readWinkFile } from './word-vectors-wink.ts';
import { poolWordVectors, pooledSize, vectorWords, WordVectorTable } from './word-vectors.ts';

/** A 4-d toy table: a "loss" direction, a "money" direction, a "greeting" direction and a shared one. */
const WORDS: Record<string, number[]> = {
  the: [0, 0, 0, 1],
  my: [0, 0, 0.1, 1],
  i: [0, 0, 0.1, 1],
  not: [0.2, 0, 0, 1],
  do: [0, 0, 0, 1],
  lost: [1, 0, 0, 0.2],
  stolen: [0.95, 0.05, 0, 0.2],
  missing: [0.9, 0, 0.1, 0.2],
  card: [0.3, 0.3, 0, 0.3],
  refund: [0, 1, 0, 0.2],
  money: [0.05, 0.9, 0, 0.2],
  reimburse: [0, 0.95, 0.05, 0.2],
  hello: [0, 0, 1, 0.2],
  hi: [0, 0.05, 0.95, 0.2],
};
const table = new WordVectorTable(Object.keys(WORDS), Float32Array.from(Object.values(WORDS).flat()), 4);

const norm = (v: ArrayLike<number>, from: number, to: number): number => {
  let s = 0;
  for (let j = from; j < to; j++) s += (v[j] ?? 0) ** 2;
  return Math.sqrt(s);
};

describe('vectorWords', () => {
  it('lower-cases, splits on punctuation and turns n’t into "not" (the table has no apostrophes)', () => {
    expect(vectorWords("I DON'T have my card, it's gone!")).toEqual([
      'i',
      'do',
      'not',
      'have',
      'my',
      'card',
      'it',
      'gone',
    ]);
    expect(vectorWords('can’t; won’t')).toEqual(['can', 'not', 'will', 'not']);
  });
});

describe('poolWordVectors', () => {
  it('returns mean and max parts, each scaled to the weight, and zeros without a known word', () => {
    const v = poolWordVectors(table, 'my card was stolen', 0.5);
    expect(v.length).toBe(pooledSize(table));
    expect(norm(v, 0, 4)).toBeCloseTo(0.5, 6);
    expect(norm(v, 4, 8)).toBeCloseTo(0.5, 6);
    expect([...poolWordVectors(table, 'zzz qqq', 1)]).toEqual(new Array(8).fill(0));
  });

  it('weights rare words above frequent ones (SIF), so "the" barely moves the mean', () => {
    const alone = poolWordVectors(table, 'refund', 1, { max: false });
    const withThe = poolWordVectors(table, 'the the refund', 1, { max: false });
    const plain = poolWordVectors(table, 'the the refund', 1, { max: false, sif: 0 });
    const cos = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, j) => s + x * (b[j] ?? 0), 0);
    expect(cos(alone, withThe)).toBeGreaterThan(cos(alone, plain));
    expect(cos(alone, withThe)).toBeGreaterThan(0.97);
  });
});

describe('LinearTextModel with word vectors', () => {
  const examples: LabelledText[] = [
    ...['i lost my card', 'card lost', 'lost it', 'my card is lost'].map((text) => ({ text, label: 'lost' })),
    ...['i want a refund', 'refund please', 'refund my money', 'refund now'].map((text) => ({ text, label: 'refund' })),
    ...['hello', 'hello there', 'hello again', 'well hello'].map((text) => ({ text, label: 'greet' })),
  ];

  it('classifies words never seen in training through their vectors', () => {
    const plain = LinearTextModel.train(examples, { epochs: 40 });
    const withVectors = LinearTextModel.train(examples, { epochs: 40, wordVectors: { table, weight: 1 } });
    const top = (m: LinearTextModel, text: string): string => {
      const l = m.logits(text);
      return m.labels[l.indexOf(Math.max(...l))] ?? '';
    };
    const unseen = { stolen: 'lost', missing: 'lost', reimburse: 'refund', hi: 'greet' };
    for (const [word, label] of Object.entries(unseen)) expect(top(withVectors, word)).toBe(label);
    // Without vectors these single unseen words share no feature of their intent (this is what the block adds).
    expect(Object.entries(unseen).filter(([w, l]) => top(plain, w) === l).length).toBeLessThan(4);
  });

  it('round-trips through JSON with the same table and refuses another one', () => {
    const m = LinearTextModel.train(examples, { epochs: 10, wordVectors: { table, weight: 0.7 } });
    const back = LinearTextModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as LinearModelJson, table);
    expect([...back.logits('stolen card')]).toEqual([...m.logits('stolen card')]);
    const other = new WordVectorTable(['a'], new Float32Array(4), 4);
    expect(() => LinearTextModel.fromJSON(m.toJSON(), other)).toThrow(/word-vector table/);
    expect(() => LinearTextModel.fromJSON(m.toJSON())).toThrow(/word-vector table/);
  });

  it('passes through the intent classifier', () => {
    const clf = IntentClassifier.train(examples, { epochs: 20, folds: 2, wordVectors: { table, weight: 1 } });
    expect(clf.predict('reimburse').topLabel).toBe('refund');
    const back = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())) as IntentClassifierJson, table);
    expect(back.predict('reimburse').score).toBeCloseTo(clf.predict('reimburse').score, 6);
  });
});

describe('readWinkFile', () => {
  const file = (body: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'wink-'));
    const path = join(dir, 'vectors.json');
    writeFileSync(path, body);
    return path;
  };
  const shipped = (rows: [string, number[]][]): string =>
    JSON.stringify({
      precision: 8,
      l2NormIndex: 3,
      wordIndex: 4,
      size: rows.length,
      dimensions: 3,
      words: rows.map(([w]) => w),
      vectors: Object.fromEntries(rows.map(([w, v], i) => [w, [...v, Math.hypot(...v), i]])),
      unkVector: [0, 0, 0, -1],
    });

  it('reads the package’s layout: numbers with signs, exponents and escaped words', () => {
    const rows: [string, number[]][] = [
      ['the', [0.418, 0.24968, -0.41242]],
      [',', [-1.5e-5, 2e3, 0]],
      ['"q"', [1, -0.000001, 12.5]],
      ['café', [-0.51725, 0.526, 2.95153011]],
    ];
    const t = readWinkFile(file(shipped(rows)), 10);
    expect(t.words).toEqual(rows.map(([w]) => w));
    expect(t.dimensions).toBe(3);
    expect([...t.vectors]).toEqual([...Float32Array.from(rows.flatMap(([, v]) => v))]);
    expect(t.rank('café')).toBe(3);
  });

  it('keeps only the most frequent words when asked', () => {
    const rows: [string, number[]][] = [
      ['a', [1, 2, 3]],
      ['b', [4, 5, 6]],
      ['c', [7, 8, 9]],
    ];
    const t = readWinkFile(file(shipped(rows)), 2);
    expect(t.words).toEqual(['a', 'b']);
    expect([...t.vectors]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects an entry with the wrong number of values', () => {
    const bad = shipped([['a', [1, 2, 3]]]).replace('[1,2,3,', '[1,2,');
    expect(() => readWinkFile(file(bad), 5)).toThrow(/has 4 numbers/);
  });
});
