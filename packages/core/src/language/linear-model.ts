import { trainOneVsRestSvm } from './linear-svm.ts';
import {
  seededRandom,
  shuffleInPlace,
  softmaxScores,
  trainSoftmax,
  type SoftmaxWeights,
} from './softmax-regression.ts';
import type { FeatureOptions } from './text-features.ts';
import { TfidfVectorizer, type SparseVector, type TfidfJson } from './tfidf.ts';
import { poolWordVectors, pooledSize, type PoolingOptions, type WordVectorTable } from './word-vectors.ts';

export { seededRandom, shuffleInPlace };

/**
 * Multinomial logistic regression over TF-IDF word and character n-grams (see tfidf.ts and
 * softmax-regression.ts): the classic strong baseline for short-text intent classification, small enough to
 * run inside the engine.
 *
 * Optionally a block of pooled pre-trained word vectors (word-vectors.ts) sits beside the TF-IDF blocks, so
 * words never seen in training still count through their neighbours in the vector space.
 *
 * Cost: training is O(epochs × Σ nnz(x) × classes); prediction O(nnz(x) × classes), about 300 features ×
 * 20 classes = 6 000 multiply-adds for a typical message (plus 200 × classes with word vectors). Memory:
 * features × classes float64 weights.
 */

/** Pre-trained word vectors as a feature block: the table and the block's scale. */
export interface WordVectorFeatures {
  table: WordVectorTable;
  /**
   * Norm of each pooled part against the unit-norm TF-IDF blocks: too high and the dense block drowns the
   * sparse evidence (held-out train accuracy fell at 2 and above); choose it by CV on train.
   */
  weight: number;
  pooling?: PoolingOptions;
}

/** One labelled training text, with optional dense side features (e.g. a rule score) in 0..1. */
export interface LabelledText {
  text: string;
  label: string;
  dense?: readonly number[];
  /**
   * Optional second text (e.g. the assistant's previous words) with its own vocabulary and block, so its
   * words are not confused with the customer's.
   */
  context?: string;
}

/** Hyper-parameters of the linear model. */
export interface LinearModelOptions {
  /** Passes over the training data (default 30). */
  epochs?: number;
  /** Initial SGD step size, decayed linearly (default 0.5). */
  learningRate?: number;
  /** L2 penalty λ on the mean loss (default 1e-5; ≈ 1 / (C × n) in sklearn's terms). */
  l2?: number;
  /** Weight classes inversely to their frequency; use for rare positives (default false). */
  balanced?: boolean;
  /** Seed of the shuffling PRNG, for reproducible models (default 1). */
  seed?: number;
  /** Drop features seen in fewer training texts (default 1: keep all). */
  minCount?: number;
  /** Weight of the character n-gram block against the word block (default 1). */
  charWeight?: number;
  /** Weight of the context text's vector against the text's (default 1). */
  contextWeight?: number;
  features?: FeatureOptions;
  /** `softmax` (multinomial logistic regression, default) or `svm` (one-vs-rest linear SVM, LIBLINEAR's solver). */
  solver?: 'softmax' | 'svm';
  /** SVM inverse regularisation strength (default 1). */
  c?: number;
  /** Pooled pre-trained word vectors as an extra feature block (default none). */
  wordVectors?: WordVectorFeatures;
}

/** The JSON form of a trained model. */
export interface LinearModelJson {
  labels: string[];
  vectorizer: TfidfJson;
  context: TfidfJson | null;
  contextWeight: number;
  denseSize: number;
  /** Settings of the word-vector block; the table itself is not stored (pass it to `fromJSON`). */
  wordVectors?: { weight: number; pooling: PoolingOptions; words: number; dimensions: number } | null;
  weights: number[];
  bias: number[];
}

/** A trained linear text classifier; see the module header. */
export class LinearTextModel {
  private readonly scratch: Float64Array;

  private constructor(
    readonly labels: string[],
    readonly vectorizer: TfidfVectorizer,
    private readonly context: TfidfVectorizer | null,
    private readonly contextWeight: number,
    private readonly denseSize: number,
    private readonly model: SoftmaxWeights,
    private readonly wordVectors: WordVectorFeatures | null,
  ) {
    this.scratch = new Float64Array(labels.length);
  }

  /** Trains a model; labels are taken from the examples in first-seen order. */
  static train(examples: readonly LabelledText[], options: LinearModelOptions = {}): LinearTextModel {
    const labels = [...new Set(examples.map((e) => e.label))];
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const vectorizer = TfidfVectorizer.fit(
      examples.map((e) => e.text),
      {
        ...(options.features ? { features: options.features } : {}),
        minDf: options.minCount ?? 1,
        charWeight: options.charWeight ?? 1,
      },
    );
    const context = examples.some((e) => e.context !== undefined)
      ? TfidfVectorizer.fit(
          examples.map((e) => e.context ?? ''),
          {
            ...(options.features ? { features: options.features } : {}),
            minDf: options.minCount ?? 1,
            charWeight: options.charWeight ?? 1,
          },
        )
      : null;
    const denseSize = examples[0]?.dense?.length ?? 0;
    const wordVectors = options.wordVectors ?? null;
    const model0 = new LinearTextModel(
      labels,
      vectorizer,
      context,
      options.contextWeight ?? 1,
      denseSize,
      { classes: 0, weights: new Float64Array(0), bias: new Float64Array(0) },
      wordVectors,
    );
    const xs = examples.map((e) => model0.vectorize(e.text, e.dense, e.context));
    const dims = model0.dims;
    const ys = Int32Array.from(examples, (e) => labelIndex.get(e.label) ?? 0);
    const k = labels.length;
    let sampleWeights: Float64Array | undefined;
    if (options.balanced === true) {
      const counts = new Float64Array(k);
      for (const y of ys) counts[y] = (counts[y] ?? 0) + 1;
      sampleWeights = Float64Array.from(ys, (y) => ys.length / (k * (counts[y] ?? 1)));
    }
    const model =
      options.solver === 'svm'
        ? trainOneVsRestSvm(xs, ys, k, dims, {
            c: options.c ?? 1,
            balanced: options.balanced === true,
            seed: options.seed ?? 3,
          })
        : trainSoftmax(xs, ys, k, dims, {
            ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
            ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
            ...(options.l2 !== undefined ? { l2: options.l2 } : {}),
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
            ...(sampleWeights ? { sampleWeights } : {}),
          });
    return new LinearTextModel(labels, vectorizer, context, options.contextWeight ?? 1, denseSize, model, wordVectors);
  }

  /**
   * Restores a model from its JSON form; a model trained with word vectors needs the same table again
   * (same words and dimensions), which is checked.
   */
  static fromJSON(json: LinearModelJson, table?: WordVectorTable): LinearTextModel {
    const model: SoftmaxWeights = {
      classes: json.labels.length,
      weights: Float64Array.from(json.weights),
      bias: Float64Array.from(json.bias),
    };
    const context = json.context === null ? null : TfidfVectorizer.fromJSON(json.context);
    const wv = json.wordVectors ?? null;
    if (wv !== null && (table === undefined || table.size !== wv.words || table.dimensions !== wv.dimensions))
      throw new Error(`model needs a word-vector table of ${wv.words} words × ${wv.dimensions} dimensions`);
    return new LinearTextModel(
      json.labels,
      TfidfVectorizer.fromJSON(json.vectorizer),
      context,
      json.contextWeight,
      json.denseSize,
      model,
      wv === null || table === undefined ? null : { table, weight: wv.weight, pooling: wv.pooling },
    );
  }

  toJSON(): LinearModelJson {
    return {
      labels: this.labels,
      vectorizer: this.vectorizer.toJSON(),
      context: this.context?.toJSON() ?? null,
      contextWeight: this.contextWeight,
      denseSize: this.denseSize,
      wordVectors:
        this.wordVectors === null
          ? null
          : {
              weight: this.wordVectors.weight,
              pooling: this.wordVectors.pooling ?? {},
              words: this.wordVectors.table.size,
              dimensions: this.wordVectors.table.dimensions,
            },
      weights: [...this.model.weights],
      bias: [...this.model.bias],
    };
  }

  /** Input dimensions: text features, context features, dense side features, word-vector block. */
  get dims(): number {
    return this.vectorizer.size + (this.context?.size ?? 0) + this.denseSize + this.vectorBlockSize;
  }

  private get vectorBlockSize(): number {
    return this.wordVectors === null ? 0 : pooledSize(this.wordVectors.table, this.wordVectors.pooling);
  }

  /**
   * The model's input vector for a text (TF-IDF of text and context, the dense side features, then the
   * pooled word vectors of the text).
   */
  vectorize(text: string, dense?: readonly number[], context?: string): SparseVector {
    const x = this.vectorizer.transform(text);
    const c = this.context?.transform(context ?? '');
    const pooled =
      this.wordVectors === null
        ? null
        : poolWordVectors(this.wordVectors.table, text, this.wordVectors.weight, this.wordVectors.pooling);
    const size = x.idx.length + (c?.idx.length ?? 0) + this.denseSize + (pooled?.length ?? 0);
    const idx = new Int32Array(size);
    const val = new Float64Array(size);
    idx.set(x.idx);
    val.set(x.val);
    let n = x.idx.length;
    if (c !== undefined) {
      for (let j = 0; j < c.idx.length; j++, n++) {
        idx[n] = this.vectorizer.size + (c.idx[j] ?? 0);
        val[n] = this.contextWeight * (c.val[j] ?? 0);
      }
    }
    const offset = this.vectorizer.size + (this.context?.size ?? 0);
    for (let j = 0; j < this.denseSize; j++, n++) {
      idx[n] = offset + j;
      val[n] = dense?.[j] ?? 0;
    }
    if (pooled !== null) {
      const at = offset + this.denseSize;
      for (let j = 0; j < pooled.length; j++, n++) {
        idx[n] = at + j;
        val[n] = pooled[j] ?? 0;
      }
    }
    return { idx, val };
  }

  /** Class scores before the softmax (logits), in `labels` order. */
  logits(text: string, dense?: readonly number[], context?: string): Float32Array {
    return this.logitsOf(this.vectorize(text, dense, context));
  }

  /** Logits of an already vectorised input. */
  logitsOf(x: SparseVector): Float32Array {
    softmaxScores(this.model, x, this.scratch);
    return Float32Array.from(this.scratch);
  }
}

/** Softmax of logits divided by a temperature (temperature scaling, Guo et al. 2017). */
export const softmax = (logits: Float32Array | Float64Array, temperature = 1): Float64Array => {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let z = 0;
  for (let c = 0; c < logits.length; c++) {
    out[c] = Math.exp(((logits[c] ?? 0) - max) / temperature);
    z += out[c] ?? 0;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] ?? 0) / z;
  return out;
};
