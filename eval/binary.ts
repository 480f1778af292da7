import {
  LinearTextModel,
  seededRandom,
  softmax,
  type LabelledText,
  type LinearModelOptions,
} from '../packages/core/src/index.ts';
import { bestF1Threshold, binaryScores } from './metrics.ts';

/** A binary text classifier with a probability threshold chosen on held-out training data for F1. */
export interface BinaryClassifier {
  score(text: string, dense?: readonly number[], context?: string): number;
  threshold: number;
  /** F1 on the held-out share of the training rows at the chosen threshold (a train-only diagnostic). */
  heldOutF1: number;
}

/** One binary training example; `group` keeps related rows (turns of one dialogue) on one side of the split. */
export interface BinaryExample {
  text: string;
  positive: boolean;
  dense?: readonly number[];
  context?: string;
  group?: string;
}

/** Options: the linear model's, plus the cross-fitting folds used for the threshold. */
export type BinaryOptions = LinearModelOptions & { folds?: number };

/**
 * Scores every training row with a model that did not see it (k folds split by group, default 5), picks the
 * F1-best threshold on all those out-of-fold scores, then refits on all training rows. Never sees test data.
 * Out-of-fold scores of the whole training set make the threshold far steadier than one held-out share when
 * positives are few (USS: 5 % of turns). Classes are balanced by weight, so the threshold sits near 0.5.
 */
export const trainBinary = (examples: readonly BinaryExample[], options: BinaryOptions = {}): BinaryClassifier =>
  trainBinaryWith(
    examples,
    (rows) => {
      const model = LinearTextModel.train(rows.map(toLabelled), { balanced: true, ...options });
      const yes = model.labels.indexOf('yes');
      return (text, dense, context) => (yes < 0 ? 0 : (softmax(model.logits(text, dense, context))[yes] ?? 0));
    },
    options,
  );

/** An example in the linear model's form (labels `yes` / `no`). */
export const toLabelled = (e: BinaryExample): LabelledText => ({
  text: e.text,
  label: e.positive ? 'yes' : 'no',
  ...(e.dense ? { dense: e.dense } : {}),
  ...(e.context !== undefined ? { context: e.context } : {}),
});

/**
 * `trainBinary` with any model: `fit` trains on some rows and returns their scorer (a probability of the
 * positive class, or any score that grows with it). Same folds, threshold and refit on all rows.
 */
export const trainBinaryWith = (
  examples: readonly BinaryExample[],
  fit: (rows: readonly BinaryExample[]) => BinaryClassifier['score'],
  options: { folds?: number; seed?: number } = {},
): BinaryClassifier => {
  const random = seededRandom((options.seed ?? 1) + 7);
  const folds = Math.max(2, options.folds ?? 5);
  const foldOfGroup = new Map<string, number>();
  const foldOf = examples.map((e, i) => {
    const g = e.group ?? String(i);
    let f = foldOfGroup.get(g);
    if (f === undefined) foldOfGroup.set(g, (f = Math.floor(random() * folds)));
    return f;
  });
  const oofScores: number[] = [];
  const oofGold: boolean[] = [];
  for (let f = 0; f < folds; f++) {
    const inFit = examples.filter((_, i) => foldOf[i] !== f);
    const inHeld = examples.filter((_, i) => foldOf[i] === f);
    if (inHeld.length === 0 || new Set(inFit.map((e) => e.positive)).size < 2) continue;
    const model = fit(inFit);
    for (const e of inHeld) {
      oofScores.push(model(e.text, e.dense, e.context));
      oofGold.push(e.positive);
    }
  }
  const threshold = oofScores.length > 0 ? bestF1Threshold(oofScores, oofGold) : 0.5;
  const heldOutF1 =
    binaryScores(
      oofGold,
      oofScores.map((s) => s >= threshold),
    ).f1 ?? 0;
  return { score: fit(examples), threshold, heldOutF1 };
};
