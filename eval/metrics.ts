/** Binary classification counts and the usual figures; rates are null when undefined (no positives). */
export interface BinaryScores {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Unweighted average recall of both classes. */
  uar: number | null;
  false_positive_rate: number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Scores predictions against gold labels (true = positive class). */
export const binaryScores = (gold: readonly boolean[], pred: readonly boolean[]): BinaryScores => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  gold.forEach((g, i) => {
    const p = pred[i] === true;
    if (g && p) tp++;
    else if (g) fn++;
    else if (p) fp++;
    else tn++;
  });
  const precision = ratio(tp, tp + fp) ?? (tp + fn > 0 ? 0 : null);
  const recall = ratio(tp, tp + fn);
  const f1 =
    precision !== null && recall !== null
      ? precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall)
      : null;
  const specificity = ratio(tn, tn + fp);
  const uar = recall !== null && specificity !== null ? (recall + specificity) / 2 : null;
  return { precision, recall, f1, uar, false_positive_rate: ratio(fp, fp + tn) };
};

/** Decision threshold on held-out scores that maximises F1 of the positive class. */
export const bestF1Threshold = (scores: readonly number[], gold: readonly boolean[]): number => {
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  let best = 0.5;
  let bestF1 = -1;
  for (const th of candidates) {
    const f1 =
      binaryScores(
        gold,
        scores.map((s) => s >= th),
      ).f1 ?? 0;
    if (f1 > bestF1) {
      bestF1 = f1;
      best = th;
    }
  }
  return best;
};

/** Rounds every number in a figures object to four decimals for the report. */
export const round4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10000) / 10000);
