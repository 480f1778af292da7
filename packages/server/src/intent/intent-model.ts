import { readFileSync } from 'node:fs';
import {
  DomainError,
  INTENT_TRAINING,
  IntentClassifier,
  type IntentClassifierJson,
  type LabelledText,
} from '@baton/core';
import { winkWordVectors } from '@baton/core/word-vectors-wink';

/**
 * A team's own intent model (T3 and intent-based routing): trained by `baton intent train` on its history
 * (one `{"text","label"}` per line, optionally with out-of-scope rows), loaded by the server from
 * `BATON_INTENT_MODEL`. The engine then classifies every customer turn the bot did not annotate with an
 * intent itself, so "low understanding" fires on requests the model does not know and routing can use
 * the intent. The file is plain JSON: weights, vocabulary, temperature and out-of-scope threshold.
 */
export interface IntentModelFile {
  format: 'baton-intent-model';
  version: 1;
  trainedAt: string;
  examples: number;
  labels: string[];
  classifier: IntentClassifierJson;
}

export interface IntentTrainOptions {
  /** Label of out-of-scope rows (default `oos`). */
  oosLabel?: string;
  /** Add pooled pre-trained word vectors (GloVe 100-d): better on small sets, 2–6 s and ≈ 50 MB more at load. */
  wordVectors?: boolean;
}

const invalid = (message: string, details: Record<string, unknown>): DomainError =>
  new DomainError('invalid_training_data', message, details);

/** Reads training rows from JSON lines; the first bad line is reported with its number, nothing is guessed. */
export const parseTrainingRows = (jsonl: string, source = 'input'): LabelledText[] => {
  const rows: LabelledText[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw invalid(`${source}:${i + 1}: not JSON`, { line: i + 1 });
    }
    const { text, label } = (row ?? {}) as { text?: unknown; label?: unknown };
    if (typeof text !== 'string' || text.trim() === '' || typeof label !== 'string' || label.trim() === '')
      throw invalid(`${source}:${i + 1}: needs a non-empty "text" and "label"`, { line: i + 1 });
    rows.push({ text, label });
  });
  const labels = new Set(rows.map((r) => r.label));
  if (labels.size < 2)
    throw invalid(`${source}: needs at least two labels, found ${labels.size}`, { labels: labels.size });
  return rows;
};

/** Trains a model file from rows (calibration and the out-of-scope threshold from training data only). */
export const trainIntentModel = (
  rows: readonly LabelledText[],
  options: IntentTrainOptions = {},
  now: Date = new Date(),
): IntentModelFile => {
  const clf = IntentClassifier.train(rows, {
    ...INTENT_TRAINING,
    oosLabel: options.oosLabel ?? 'oos',
    ...(options.wordVectors === true ? { wordVectors: { table: winkWordVectors(), weight: 1 } } : {}),
  });
  return {
    format: 'baton-intent-model',
    version: 1,
    trainedAt: now.toISOString(),
    examples: rows.length,
    labels: [...clf.labels],
    classifier: clf.toJSON(),
  };
};

/** Restores a classifier from a model file's content; a file of another kind is refused with a clear error. */
export const intentClassifierFrom = (file: unknown, source = 'model'): IntentClassifier => {
  const f = file as Partial<IntentModelFile> | null;
  if (f === null || typeof f !== 'object' || f.format !== 'baton-intent-model' || f.version !== 1 || !f.classifier)
    throw new DomainError(
      'invalid_intent_model',
      `${source}: not a Baton intent model (train one with \`baton intent train\`)`,
    );
  const wv = f.classifier.model.wordVectors ?? null;
  return IntentClassifier.fromJSON(f.classifier, wv === null ? undefined : winkWordVectors(wv.words));
};

/** Reads and restores a model file. */
export const loadIntentModel = (path: string): IntentClassifier => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DomainError('invalid_intent_model', `${path}: cannot read the intent model (${(err as Error).message})`);
  }
  return intentClassifierFrom(json, path);
};
