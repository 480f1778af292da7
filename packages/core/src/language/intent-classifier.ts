import {
  LinearTextModel,
  seededRandom,
  softmax,
  type LabelledText,
  type LinearModelJson,
  type LinearModelOptions,
} from './linear-model.ts';

/** Options of intent-classifier training. */
export interface IntentTrainingOptions extends LinearModelOptions {
  /** Label of out-of-scope examples in the training data, if any (default `oos`). */
  oosLabel?: string;
  /** Share of the training data held out to fit the temperature and the out-of-scope threshold (default 0.15). */
  holdout?: number;
  /**
   * When the training data has no out-of-scope examples, this share of the intents (default 0.2) is left out
   * of the calibration model and their held-out texts stand in for out-of-scope ones: the threshold is then
   * chosen on a realistic mix of unseen requests, close to the domain, instead of a fixed rejection rate.
   */
  pseudoOosShare?: number;
  /** With fewer than 5 intents no pseudo out-of-scope set is possible: reject this share of in-scope texts (default 0.1). */
  targetRejection?: number;
  /** Weight of out-of-scope recall against in-scope accuracy when choosing the threshold (default 1). */
  oosWeight?: number;
  /**
   * Most in-scope held-out texts the threshold may reject (default 0.1): a product choice that keeps the
   * assistant answering known intents even when the out-of-scope texts look like them.
   */
  maxRejection?: number;
  /** Train again on all data after calibrating (default true): better accuracy, same threshold. */
  refit?: boolean;
}

/** One prediction. */
export interface IntentPrediction {
  /** Best in-scope label, or the out-of-scope label when rejected. */
  label: string;
  /** Calibrated probability of the best in-scope label. */
  confidence: number;
  outOfScope: boolean;
  /** The best in-scope label even when rejected. */
  topLabel: string;
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
  confidence: number;
  oosWins: boolean;
  /** Gold label; `null` for a pseudo out-of-scope text. */
  label: string | null;
}

/**
 * A trainable intent classifier with calibrated confidence and out-of-scope rejection. Training holds out
 * part of the training data, fits a softmax temperature on it by likelihood, and picks the confidence
 * threshold on it that maximises in-scope accuracy + out-of-scope recall, using the training data's own
 * out-of-scope rows or, without them, intents left out of the calibration model. Test data is never seen.
 */
export class IntentClassifier {
  private constructor(
    private readonly model: LinearTextModel,
    readonly temperature: number,
    readonly threshold: number,
    readonly oosLabel: string,
  ) {}

  /** Trains, calibrates and (by default) refits on all examples. */
  static train(examples: readonly LabelledText[], options: IntentTrainingOptions = {}): IntentClassifier {
    const oosLabel = options.oosLabel ?? 'oos';
    const random = seededRandom((options.seed ?? 1) + 101);
    const shuffled = [...examples]
      .map((e) => ({ e, r: random() }))
      .sort((a, b) => a.r - b.r)
      .map((x) => x.e);
    const cut = Math.max(1, Math.floor(shuffled.length * (options.holdout ?? 0.15)));
    const held = shuffled.slice(0, cut);
    let fitOn = shuffled.slice(cut);
    const intents = [...new Set(examples.map((e) => e.label))].filter((l) => l !== oosLabel);
    const hasOos = examples.some((e) => e.label === oosLabel);
    // Without out-of-scope examples, leave some intents out of the calibration model (never all, never none).
    const left = new Set<string>();
    if (!hasOos && intents.length >= 5) {
      const share = options.pseudoOosShare ?? 0.2;
      const order = intents.map((l) => ({ l, r: random() })).sort((a, b) => a.r - b.r);
      for (const { l } of order.slice(0, Math.max(1, Math.round(intents.length * share)))) left.add(l);
      fitOn = fitOn.filter((e) => !left.has(e.label));
    }
    const first = LinearTextModel.train(fitOn, options);
    const heldLogits = held.map((e) => ({ logits: first.logits(e.text, e.dense), label: e.label }));
    const temperature = fitTemperature(
      first.labels,
      heldLogits.filter((h) => !left.has(h.label)),
    );
    const scored: Scored[] = heldLogits.map(({ logits, label }) => ({
      ...topInScope(first.labels, softmax(logits, temperature), oosLabel),
      label: left.has(label) || label === oosLabel ? null : label,
    }));
    // The pseudo out-of-scope texts of left-out intents: all their training rows, not only the held-out ones.
    if (left.size > 0) {
      for (const e of shuffled.slice(cut)) {
        if (!left.has(e.label)) continue;
        scored.push({
          ...topInScope(first.labels, softmax(first.logits(e.text, e.dense), temperature), oosLabel),
          label: null,
        });
      }
    }
    const threshold = chooseThreshold(
      scored,
      options.targetRejection ?? 0.1,
      options.oosWeight ?? 1,
      options.maxRejection ?? 0.1,
    );
    const model = options.refit === false && left.size === 0 ? first : LinearTextModel.train(examples, options);
    return new IntentClassifier(model, temperature, threshold, oosLabel);
  }

  static fromJSON(json: IntentClassifierJson): IntentClassifier {
    return new IntentClassifier(LinearTextModel.fromJSON(json.model), json.temperature, json.threshold, json.oosLabel);
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
    const probs = softmax(this.model.logits(text, dense), this.temperature);
    const { topLabel, confidence, oosWins } = topInScope(this.model.labels, probs, this.oosLabel);
    const outOfScope = oosWins || confidence < this.threshold;
    return { label: outOfScope ? this.oosLabel : topLabel, confidence, outOfScope, topLabel };
  }

  /** Calibrated class probabilities in `labels` order. */
  probabilities(text: string, dense?: readonly number[]): Float64Array {
    return softmax(this.model.logits(text, dense), this.temperature);
  }
}

const topInScope = (
  labels: readonly string[],
  probs: Float64Array,
  oosLabel: string,
): { topLabel: string; confidence: number; oosWins: boolean } => {
  let best = -1;
  let bestAll = -1;
  for (let c = 0; c < probs.length; c++) {
    if (bestAll < 0 || (probs[c] ?? 0) > (probs[bestAll] ?? 0)) bestAll = c;
    if (labels[c] === oosLabel) continue;
    if (best < 0 || (probs[c] ?? 0) > (probs[best] ?? 0)) best = c;
  }
  return { topLabel: labels[best] ?? oosLabel, confidence: probs[best] ?? 0, oosWins: labels[bestAll] === oosLabel };
};

/** Temperature with the lowest held-out negative log-likelihood on a log grid 0.1..8. */
const fitTemperature = (
  labels: readonly string[],
  held: ReadonlyArray<{ logits: Float32Array; label: string }>,
): number => {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.1; t <= 8; t *= 1.15) {
    let nll = 0;
    for (const { logits, label } of held) {
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
 * The confidence threshold maximising in-scope accuracy + oosWeight × out-of-scope recall on the scored
 * held-out texts among those rejecting at most `maxRejection` of in-scope texts; without out-of-scope texts,
 * the one rejecting `targetRejection` of in-scope texts.
 */
const chooseThreshold = (
  scored: readonly Scored[],
  targetRejection: number,
  oosWeight: number,
  maxRejection: number,
): number => {
  const inScope = scored.filter((s) => s.label !== null);
  const oos = scored.filter((s) => s.label === null);
  if (oos.length === 0) {
    const sorted = inScope.map((s) => s.confidence).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length * targetRejection)] ?? 0;
  }
  let best = 0;
  let bestScore = -Infinity;
  for (let th = 0; th <= 0.99; th += 0.005) {
    const acc =
      inScope.filter((s) => !s.oosWins && s.confidence >= th && s.topLabel === s.label).length /
      Math.max(1, inScope.length);
    const rec = oos.filter((s) => s.oosWins || s.confidence < th).length / oos.length;
    const rejected = inScope.filter((s) => s.oosWins || s.confidence < th).length / Math.max(1, inScope.length);
    if (rejected > maxRejection) break;
    if (acc + oosWeight * rec > bestScore) {
      bestScore = acc + oosWeight * rec;
      best = th;
    }
  }
  return best;
};
