import { extractFeatureBlocks, type FeatureOptions } from './text-features.ts';

/**
 * TF-IDF vectoriser over hashed word and character n-grams, as in sklearn's TfidfVectorizer with
 * `sublinear_tf=True, smooth_idf=True, norm='l2'`: weight = (1 + ln tf) × (ln((1 + n) / (1 + df)) + 1).
 * The word block and the character block are L2-normalised separately (like two vectorisers stacked), so
 * the many character n-grams do not drown the few word features; `charWeight` scales the character block.
 *
 * Cost: fitting is one pass over the texts; transforming a text is O(length × charMax) hash steps.
 */

/** A sparse vector: feature indices and values, same length. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/** Options of the vectoriser. */
export interface TfidfOptions {
  features?: FeatureOptions;
  /** Keep only features seen in at least this many training texts (default 1). */
  minDf?: number;
  /** Weight of the character block relative to the word block (default 1). */
  charWeight?: number;
}

/** The JSON form of a fitted vectoriser. */
export interface TfidfJson {
  hashes: number[];
  idf: number[];
  /** 1 for a character feature, 0 for a word feature. */
  isChar: number[];
  options: TfidfOptions;
}

/** A fitted vectoriser; see the module header. */
export class TfidfVectorizer {
  private readonly index = new Map<number, number>();

  private constructor(
    private readonly hashes: Int32Array,
    private readonly idf: Float64Array,
    private readonly isChar: Uint8Array,
    readonly options: TfidfOptions,
  ) {
    for (let i = 0; i < hashes.length; i++) this.index.set(hashes[i] ?? 0, i);
  }

  /** Number of features (vector dimensions). */
  get size(): number {
    return this.hashes.length;
  }

  /** Learns the vocabulary and idf weights from training texts. */
  static fit(texts: readonly string[], options: TfidfOptions = {}): TfidfVectorizer {
    const df = new Map<number, number>();
    const charIds = new Set<number>();
    for (const text of texts) {
      const { words, chars } = extractFeatureBlocks(text, options.features);
      for (const h of words.keys()) df.set(h | 0, (df.get(h | 0) ?? 0) + 1);
      for (const h of chars.keys()) {
        df.set(h | 0, (df.get(h | 0) ?? 0) + 1);
        charIds.add(h | 0);
      }
    }
    const minDf = options.minDf ?? 1;
    const kept = [...df.entries()].filter(([, c]) => c >= minDf);
    const n = texts.length;
    return new TfidfVectorizer(
      Int32Array.from(kept.map(([h]) => h)),
      Float64Array.from(kept.map(([, c]) => Math.log((1 + n) / (1 + c)) + 1)),
      Uint8Array.from(kept.map(([h]) => (charIds.has(h) ? 1 : 0))),
      options,
    );
  }

  static fromJSON(json: TfidfJson): TfidfVectorizer {
    return new TfidfVectorizer(
      Int32Array.from(json.hashes),
      Float64Array.from(json.idf),
      Uint8Array.from(json.isChar),
      json.options,
    );
  }

  toJSON(): TfidfJson {
    return { hashes: [...this.hashes], idf: [...this.idf], isChar: [...this.isChar], options: this.options };
  }

  /** The TF-IDF vector of one text; unknown features are dropped. */
  transform(text: string): SparseVector {
    const { words, chars } = extractFeatureBlocks(text, this.options.features);
    const idx = new Int32Array(words.size + chars.size);
    const val = new Float64Array(idx.length);
    let n = 0;
    const block = (m: Map<number, number>, weight: number): void => {
      const start = n;
      let norm = 0;
      for (const [h, c] of m) {
        const i = this.index.get(h | 0);
        if (i === undefined) continue;
        const v = (1 + Math.log(c)) * (this.idf[i] ?? 1);
        idx[n] = i;
        val[n] = v;
        norm += v * v;
        n++;
      }
      const scale = norm > 0 ? weight / Math.sqrt(norm) : 0;
      for (let k = start; k < n; k++) val[k] = (val[k] ?? 0) * scale;
    };
    block(words, 1);
    block(chars, this.options.charWeight ?? 1);
    return { idx: idx.subarray(0, n), val: val.subarray(0, n) };
  }
}

/** Cosine similarity of two L2-normalised-per-block sparse vectors with sorted or unsorted indices. */
export const sparseDot = (a: SparseVector, b: SparseVector, scratch: Float64Array): number => {
  for (let k = 0; k < a.idx.length; k++) scratch[a.idx[k] ?? 0] = a.val[k] ?? 0;
  let s = 0;
  for (let k = 0; k < b.idx.length; k++) s += (scratch[b.idx[k] ?? 0] ?? 0) * (b.val[k] ?? 0);
  for (let k = 0; k < a.idx.length; k++) scratch[a.idx[k] ?? 0] = 0;
  return s;
};
