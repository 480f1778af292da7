import { describe, expect, it } from 'vitest';
import { extractFeatureBlocks, extractFeatures } from './text-features.ts';

describe('extractFeatureBlocks', () => {
  it('counts word unigrams and bigrams, and char n-grams of each padded word', () => {
    const { words, chars } = extractFeatureBlocks('ab ab', { charMin: 2, charMax: 3 });
    // unigram "ab" twice + bigram "ab ab" once → two distinct ids, counts 2 and 1.
    expect([...words.values()].sort()).toEqual([1, 2]);
    // " ab " has 2-grams " a","ab","b " and 3-grams " ab","ab ": 5 distinct, each seen twice.
    expect(chars.size).toBe(5);
    expect([...chars.values()].every((c) => c === 2)).toBe(true);
  });

  it('is deterministic, case-insensitive, and separates words from character n-grams', () => {
    const a = extractFeatures('Refund please');
    const b = extractFeatures('refund PLEASE');
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const { words, chars } = extractFeatureBlocks('ok');
    for (const id of words.keys()) expect(chars.has(id)).toBe(false);
  });

  it('keeps punctuation in character n-grams unless rawChars is off', () => {
    const withPunct = extractFeatureBlocks('refund!').chars;
    const plain = extractFeatureBlocks('refund').chars;
    expect(withPunct.size).toBeGreaterThan(plain.size);
    expect(extractFeatureBlocks('refund!', { rawChars: false }).chars.size).toBe(plain.size);
  });

  it('drops bigrams on request', () => {
    expect(extractFeatureBlocks('a b c', { wordBigrams: false }).words.size).toBe(3);
    expect(extractFeatureBlocks('a b c').words.size).toBe(5);
  });
});
