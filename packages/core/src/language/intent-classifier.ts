import {
  LinearTextModel,
  seededRandom,
  softmax,
  type LabelledText,
  type LinearModelJson,
  type LinearModelOptions,
} from './linear-model.ts';
import type { WordVectorTable } from './word-vectors.ts';

/** Options of intent-classifier training. */
export interface IntentTrainingOptions extends LinearModelOptions {
  /** Label of out-of-scope examples in the training data, if any (default `oos`). */
  oosLabel?: string;
  /**
   * Folds of the cross-fitting that scores every training text with a model that did not see it (default 4):
   * the temperature and the out-of-scope threshold are fitted on these out-of-fold scores, so all the
   * training data's out-of-scope rows count, not only a small held-out share of them.
   */
  folds?: number;
  /**
   * Without out-of-scope rows in the training data, each fold also leaves a share of the intents out of its
   * model (every intent exactly once over the folds); their texts stand in for out-of-scope ones, so the
   * threshold is chosen on unseen requests close to the domain instead of a fixed rejection rate.
   */
  pseudoOos?: boolean;
  /** With fewer than 5 intents no pseudo out-of-scope set is possible: reject this share of in-scope texts (default 0.1). */
  targetRejection?: number;
  /**
   * Share of out-of-scope texts to catch (default 0.8): the threshold is the most lenient one whose share of
   * out-of-fold out-of-scope texts rejected reaches this at its lower confidence bound (one standard error),
   * within `maxRejection`. A product operating point.
   */
  oosRecall?: number;
  /**
   * Most in-scope out-of-fold texts the threshold may reject (default 0.1): keeps the assistant answering
   * known intents even when the out-of-scope texts look like them.
   */
  maxRejection?: number;
}

/**
 * Training settings of Baton's intent models (SGD epochs, step, L2), chosen by cross-validation on training
 * data (docs/benchmarks.md, "Quality"); used by the evaluation and by `baton intent train` alike.
 */
export const INTENT_TRAINING = { epochs: 12, learningRate: 1, l2: 1e-6 } as const;

/** One prediction. */
export interface IntentPrediction {
  /** Best in-scope label, or the out-of-scope label when rejected. */
  label: string;
  /** Calibrated probability of the best in-scope label. */
  confidence: number;
  outOfScope: boolean;
  /** The best in-scope label even when rejected. */
  topLabel: string;
  /**
   * In-scope score: ln p(best intent) − ln p(out of scope) with calibrated probabilities, or ln p(best
   * intent) when the model has no out-of-scope class. Rejected below `threshold`.
   */
  score: number;
}

/** The JSON form of a trained intent classifier. */
export interface IntentClassifierJson {
  model: LinearModelJson;
  temperature: number;
  threshold: number;
  oosLabel: string;
}

interface Scored {
  topLabel: string;
  score: number;
  /** Gold label; `null` for an out-of-scope or pseudo out-of-scope text. */
  label: string | null;
}

interface Held {
  logits: Float32Array;
  labels: readonly string[];
  /** Gold label; `null` for an out-of-scope or pseudo out-of-scope text. */
  label: string | null;
}

/**
 * A trainable intent classifier with calibrated confidence and out-of-scope rejection. Training scores every
 * training text by cross-fitting (a model per fold, trained on the other folds), fits a softmax temperature
 * on those out-of-fold scores by likelihood, and picks the in-scope score threshold on them: the training
 * data's own out-of-scope rows or, without them, intents left out of each fold's model. Then it trains the
 * final model on all examples. Test data is never seen.
 */
export class IntentClassifier {
  private constructor(
    private readonly model: LinearTextModel,
    readonly temperature: number,
    readonly threshold: number,
    readonly oosLabel: string,
  ) {}

  /** Trains, calibrates on out-of-fold scores and refits on all examples. */
  static train(examples: readonly LabelledText[], options: IntentTrainingOptions = {}): IntentClassifier {
    const oosLabel = options.oosLabel ?? 'oos';
    const random = seededRandom((options.seed ?? 1) + 101);
    const folds = Math.max(2, Math.min(options.folds ?? 4, examples.length));
    const foldOf = examples.map(() => Math.floor(random() * folds));
    const intents = [...new Set(examples.map((e) => e.label))].filter((l) => l !== oosLabel);
    const hasOos = examples.some((e) => e.label === oosLabel);
    // Without out-of-scope examples, each fold leaves 1/folds of the intents out of its model.
    const intentFold = new Map<string, number>();
    if (!hasOos && intents.length >= 5 && options.pseudoOos !== false) {
      const order = intents.map((l) => ({ l, r: random() })).sort((a, b) => a.r - b.r);
      order.forEach(({ l }, i) => intentFold.set(l, i % folds));
    }
    const held: Held[] = [];
    for (let f = 0; f < folds; f++) {
      const fitOn = examples.filter((e, i) => foldOf[i] !== f && intentFold.get(e.label) !== f);
      if (new Set(fitOn.map((e) => e.label)).size < 2) continue;
      const m = LinearTextModel.train(fitOn, options);
      examples.forEach((e, i) => {
        const left = intentFold.get(e.label) === f;
        if (foldOf[i] !== f && !left) return;
        held.push({
          logits: m.logits(e.text, e.dense),
          labels: m.labels,
          label: left || e.label === oosLabel ? null : e.label,
        });
      });
    }
    const temperature = fitTemperature(held);
    const scored: Scored[] = held.map(({ logits, labels, label }) => ({
      ...inScopeScore(labels, logits, temperature, oosLabel),
      label,
    }));
    const threshold = chooseThreshold(
      scored,
      options.targetRejection ?? 0.1,
      options.oosRecall ?? 0.8,
      options.maxRejection ?? 0.1,
    );
    return new IntentClassifier(LinearTextModel.train(examples, options), temperature, threshold, oosLabel);
  }

  /** Restores a classifier; one trained with word vectors needs the same table (see `LinearTextModel.fromJSON`). */
  static fromJSON(json: IntentClassifierJson, table?: WordVectorTable): IntentClassifier {
    return new IntentClassifier(
      LinearTextModel.fromJSON(json.model, table),
      json.temperature,
      json.threshold,
      json.oosLabel,
    );
  }

  toJSON(): IntentClassifierJson {
    return {
      model: this.model.toJSON(),
      temperature: this.temperature,
      threshold: this.threshold,
      oosLabel: this.oosLabel,
    };
  }

  /** Labels the model knows (including the out-of-scope label when it was trained on one). */
  get labels(): readonly string[] {
    return this.model.labels;
  }

  /** Classifies one text. */
  predict(text: string, dense?: readonly number[]): IntentPrediction {
    const logits = this.model.logits(text, dense);
    const { topLabel, confidence, score } = inScopeScore(this.model.labels, logits, this.temperature, this.oosLabel);
    const outOfScope = score < this.threshold;
    return { label: outOfScope ? this.oosLabel : topLabel, confidence, outOfScope, topLabel, score };
  }

  /** Calibrated class probabilities in `labels` order. */
  probabilities(text: string, dense?: readonly number[]): Float64Array {
    return softmax(this.model.logits(text, dense), this.temperature);
  }
}

/**
 * Best in-scope label, its calibrated probability, and the in-scope score computed from the logits, so it
 * does not saturate when the probabilities underflow.
 */
const inScopeScore = (
  labels: readonly string[],
  logits: Float32Array,
  temperature: number,
  oosLabel: string,
): { topLabel: string; confidence: number; score: number } => {
  let best = -1;
  let oos = -1;
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) {
    max = Math.max(max, logits[c] ?? 0);
    if (labels[c] === oosLabel) oos = c;
    else if (best < 0 || (logits[c] ?? 0) > (logits[best] ?? 0)) best = c;
  }
  let z = 0;
  for (let c = 0; c < logits.length; c++) z += Math.exp(((logits[c] ?? 0) - max) / temperature);
  const top = logits[best] ?? 0;
  const logTop = (top - max) / temperature - Math.log(z);
  return {
    topLabel: labels[best] ?? oosLabel,
    confidence: Math.exp(logTop),
    score: oos < 0 ? logTop : (top - (logits[oos] ?? 0)) / temperature,
  };
};

/** Temperature with the lowest out-of-fold negative log-likelihood on a log grid 0.1..8 (in-scope texts). */
const fitTemperature = (held: readonly Held[]): number => {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.1; t <= 8; t *= 1.15) {
    let nll = 0;
    for (const { logits, labels, label } of held) {
      if (label === null) continue;
      const c = labels.indexOf(label);
      if (c < 0) continue;
      nll -= Math.log(Math.max(1e-12, softmax(logits, t)[c] ?? 0));
    }
    if (nll < bestNll) {
      bestNll = nll;
      best = t;
    }
  }
  return best;
};

/**
 * The most lenient score threshold that rejects `oosRecall` of the out-of-scope texts, unless that rejects
 * more than `maxRejection` of the in-scope texts: then the one rejecting exactly `maxRejection`. Without
 * out-of-scope texts, the one rejecting `targetRejection` of in-scope texts.
 */
const chooseThreshold = (
  scored: readonly Scored[],
  targetRejection: number,
  oosRecall: number,
  maxRejection: number,
): number => {
  const inScope = scored
    .filter((s) => s.label !== null)
    .map((s) => s.score)
    .sort((a, b) => a - b);
  const oos = scored
    .filter((s) => s.label === null)
    .map((s) => s.score)
    .sort((a, b) => a - b);
  const atRejection = (share: number): number => inScope[Math.floor(inScope.length * share)] ?? -Infinity;
  if (oos.length === 0) return atRejection(targetRejection);
  // Rejected when score < threshold: the threshold just above the k-th lowest out-of-scope score catches k.
  // k is the fewest whose recall's lower confidence bound (Wilson, one standard error) still reaches the
  // target, so a target met on 100 training texts is not missed on new ones by sampling luck alone.
  let k = Math.min(oos.length, Math.ceil(oos.length * oosRecall));
  while (k < oos.length && wilsonLower(k, oos.length) < oosRecall) k++;
  const forRecall = k === 0 ? -Infinity : nextUp(oos[k - 1] ?? 0);
  return Math.min(forRecall, atRejection(maxRejection));
};

/** Lower Wilson score bound (z = 1) of a proportion of `k` in `n`. */
const wilsonLower = (k: number, n: number): number => {
  const p = k / n;
  const z2 = 1;
  return (p + z2 / (2 * n) - Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
};

/** The smallest double above x, so `x < nextUp(x)` holds. */
const nextUp = (x: number): number => x + Math.max(Math.abs(x) * 1e-12, 1e-300);

/** Figures of a classifier on labelled rows (a held-out set). */
export interface IntentScores {
  n: number;
  /** Rows labelled out of scope. */
  oos: number;
  /** Predicted label (rejection included) right. */
  accuracy: number;
  /** Best in-scope label right, rejection ignored: closed-set top-1. */
  top1: number;
  /** Share of in-scope rows predicted right (a rejected one is wrong); null without in-scope rows. */
  inScopeAccuracy: number | null;
  /** Share of out-of-scope rows rejected; null without such rows. */
  oosRecall: number | null;
}

/** Scores a classifier on labelled rows; `dense` gives a row's dense features when the model was trained with them. */
export const scoreIntentClassifier = (
  clf: IntentClassifier,
  rows: readonly { text: string; label: string }[],
  dense?: (text: string) => readonly number[],
): IntentScores => {
  let ok = 0;
  let top = 0;
  let inOk = 0;
  let inN = 0;
  let oosOk = 0;
  let oosN = 0;
  for (const r of rows) {
    const p = clf.predict(r.text, dense?.(r.text));
    if (p.label === r.label) ok++;
    if (p.topLabel === r.label) top++;
    if (r.label === clf.oosLabel) {
      oosN++;
      if (p.outOfScope) oosOk++;
    } else {
      inN++;
      if (p.label === r.label) inOk++;
    }
  }
  const n = Math.max(1, rows.length);
  return {
    n: rows.length,
    oos: oosN,
    accuracy: ok / n,
    top1: top / n,
    inScopeAccuracy: inN === 0 ? null : inOk / inN,
    oosRecall: oosN === 0 ? null : oosOk / oosN,
  };
};
