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

/** Options: the linear model's, plus the held-out share used for the threshold. */
export type BinaryOptions = LinearModelOptions & { holdout?: number };

/**
 * Trains on all but a held-out share of the training rows (split by group), picks the F1-best threshold on
 * the held-out share, then refits on all training rows. Never sees test data. Classes are balanced by
 * weight, so the threshold sits near 0.5 and moves little between the two fits.
 */
export const trainBinary = (examples: readonly BinaryExample[], options: BinaryOptions = {}): BinaryClassifier => {
  const random = seededRandom((options.seed ?? 1) + 7);
  const groups = [...new Set(examples.map((e, i) => e.group ?? String(i)))];
  const held = new Set(groups.filter(() => random() < (options.holdout ?? 0.2)));
  const toLabelled = (e: BinaryExample): LabelledText => ({
    text: e.text,
    label: e.positive ? 'yes' : 'no',
    ...(e.dense ? { dense: e.dense } : {}),
    ...(e.context !== undefined ? { context: e.context } : {}),
  });
  const fit = (rows: readonly BinaryExample[]): BinaryClassifier['score'] => {
    const model = LinearTextModel.train(rows.map(toLabelled), { balanced: true, ...options });
    const yes = model.labels.indexOf('yes');
    return (text, dense, context) => (yes < 0 ? 0 : (softmax(model.logits(text, dense, context))[yes] ?? 0));
  };
  const inFit = examples.filter((e, i) => !held.has(e.group ?? String(i)));
  const inHeld = examples.filter((e, i) => held.has(e.group ?? String(i)));
  const first = fit(inFit);
  const heldScores = inHeld.map((e) => first(e.text, e.dense, e.context));
  const heldGold = inHeld.map((e) => e.positive);
  const threshold = inHeld.length > 0 ? bestF1Threshold(heldScores, heldGold) : 0.5;
  const heldOutF1 =
    binaryScores(
      heldGold,
      heldScores.map((s) => s >= threshold),
    ).f1 ?? 0;
  const score = fit(examples);
  return { score, threshold, heldOutF1 };
};
