import { normalize } from './normalize.ts';

/**
 * Sparse text features for the trainable classifiers: word unigrams and bigrams plus character n-grams inside
 * word boundaries (sklearn's `char_wb`: each word padded with one space at both ends), hashed into 32-bit
 * ids. Character n-grams make the classifier tolerant of typos and inflection, which matters for real
 * customer text (HINT3). Hashes are rolled character by character, so extraction allocates no strings
 * beyond the word list.
 */

/** Options of the feature extractor. */
export interface FeatureOptions {
  /** Smallest character n-gram (default 2). */
  charMin?: number;
  /** Largest character n-gram (default 5). */
  charMax?: number;
  /** Include word bigrams (default true). */
  wordBigrams?: boolean;
  /**
   * Take character n-grams from the lower-cased text split on white space, punctuation kept ("refund!",
   * "@help"), as sklearn's `char_wb` does (default true); false uses the normalised words only.
   */
  rawChars?: boolean;
}

/** Feature counts of one text, split in the two blocks the vectoriser normalises separately. */
export interface FeatureBlocks {
  words: Map<number, number>;
  chars: Map<number, number>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const fnv = (s: string, h: number): number => {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
};

/** Final mix (murmur3 fmix32) so ids of different kinds (seeds) spread over the whole 32-bit range. */
const mix = (h: number, seed: number): number => {
  h ^= Math.imul(seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

const bump = (m: Map<number, number>, id: number): void => {
  m.set(id, (m.get(id) ?? 0) + 1);
};

/** Word and character features of one text, as two count maps. */
export const extractFeatureBlocks = (text: string, options: FeatureOptions = {}): FeatureBlocks => {
  const charMin = options.charMin ?? 2;
  const charMax = options.charMax ?? 5;
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  let previous = -1;
  for (const w of normalize(text).split(' ')) {
    if (w === '') continue;
    const wh = fnv(w, FNV_OFFSET);
    bump(words, mix(wh, 1));
    if (options.wordBigrams !== false && previous !== -1)
      bump(words, mix(Math.imul(previous ^ 0x20, FNV_PRIME) ^ wh, 2));
    previous = wh;
    if (options.rawChars === false) charGrams(w, charMin, charMax, chars);
  }
  if (options.rawChars !== false)
    for (const w of text.toLowerCase().split(WHITE)) if (w !== '') charGrams(w, charMin, charMax, chars);
  return { words, chars };
};

const WHITE = /\s+/;

/** Character n-grams of one word padded with a space at both ends, counted into `chars`. */
const charGrams = (w: string, charMin: number, charMax: number, chars: Map<number, number>): void => {
  // Rolling hash over the padded word " w ": position -1 and w.length are the padding spaces.
  const len = w.length + 2;
  for (let start = 0; start + charMin <= len; start++) {
    let h = FNV_OFFSET;
    for (let n = 1; n <= charMax && start + n <= len; n++) {
      const at = start + n - 1;
      const code = at === 0 || at === len - 1 ? 32 : w.charCodeAt(at - 1);
      h = Math.imul(h ^ code, FNV_PRIME);
      if (n >= charMin) bump(chars, mix(h, 10 + n));
    }
  }
};

/** Hashed feature ids with counts for one text (both blocks in one map). */
export const extractFeatures = (text: string, options: FeatureOptions = {}): Map<number, number> => {
  const { words, chars } = extractFeatureBlocks(text, options);
  for (const [k, v] of chars) words.set(k, (words.get(k) ?? 0) + v);
  return words;
};
