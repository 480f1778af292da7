import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectPii, type PiiSpan, type PiiType } from '../packages/core/src/privacy/index.ts';
import { readJsonl } from './data.ts';
import { round4 } from './metrics.ts';
import type { Report } from './report.ts';

/** One row of presidio-pii: a sentence and its gold spans. */
export interface PiiRow {
  text: string;
  spans: { type: string; value: string; start: number; end: number }[];
}

/**
 * The dataset's entity types → Baton's. Types mapped to null are not personal data Baton redacts (places,
 * organisations, nationalities, job titles, ages, web domains) and are left out of the gold set; a Baton span
 * that lands on one of them counts as a false positive. DATE_TIME is left out too, but a DATE_OF_BIRTH span
 * on a DATE_TIME gold span is neither right nor wrong (the dataset does not say which dates are birthdays).
 */
export const PRESIDIO_TYPE_MAP: Readonly<Record<string, PiiType | null>> = {
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
  ZIP_CODE: 'ADDRESS',
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'NATIONAL_ID',
  US_DRIVER_LICENSE: 'NATIONAL_ID',
  IP_ADDRESS: 'IP_ADDRESS',
  DATE_TIME: null,
  GPE: null,
  ORGANIZATION: null,
  NRP: null,
  TITLE: null,
  AGE: null,
  DOMAIN_NAME: null,
};

export interface PiiScores {
  n: number;
  gold: number;
  predicted: number;
  precision: number;
  recall: number;
  f2: number;
  strict_precision: number;
  strict_recall: number;
  strict_f2: number;
  perType: Record<string, { gold: number; found: number; predicted: number; correct: number }>;
}

const fBeta = (p: number, r: number, beta: number): number =>
  p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

/**
 * Span-level scores with the typed-overlap rule (the "type" scheme of SemEval-2013 task 9.1 / nervaluate):
 * a gold span is found when a predicted span of its mapped type overlaps it; a predicted span is correct when
 * it overlaps a gold span of its type. Precision counts predicted spans, recall counts gold spans, so one
 * predicted address covering a gold street, unit and ZIP (the dataset splits some addresses into pieces)
 * finds all three. Strict figures require the same type and exactly the same boundaries.
 */
export const scorePii = (rows: readonly PiiRow[], predict: (text: string) => PiiSpan[]): PiiScores => {
  let gold = 0,
    found = 0,
    predicted = 0,
    correct = 0,
    strictHits = 0;
  const perType: PiiScores['perType'] = {};
  const bucket = (t: string) => (perType[t] ??= { gold: 0, found: 0, predicted: 0, correct: 0 });
  for (const row of rows) {
    const golds = row.spans.map((s) => ({ ...s, mapped: PRESIDIO_TYPE_MAP[s.type] ?? null }));
    const inScope = golds.filter((g) => g.mapped !== null);
    const preds = predict(row.text);
    for (const g of inScope) {
      gold++;
      bucket(g.mapped as string).gold++;
      if (preds.some((p) => p.type === g.mapped && overlaps(p, g))) {
        found++;
        bucket(g.mapped as string).found++;
      }
    }
    for (const p of preds) {
      const ignored = p.type === 'DATE_OF_BIRTH' && golds.some((g) => g.type === 'DATE_TIME' && overlaps(p, g));
      if (ignored) continue;
      predicted++;
      bucket(p.type).predicted++;
      if (inScope.some((g) => g.mapped === p.type && overlaps(p, g))) {
        correct++;
        bucket(p.type).correct++;
      }
      if (inScope.some((g) => g.mapped === p.type && g.start === p.start && g.end === p.end)) strictHits++;
    }
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : found / gold;
  const sp = predicted === 0 ? 0 : strictHits / predicted;
  const sr = gold === 0 ? 0 : strictHits / gold;
  return {
    n: rows.length,
    gold,
    predicted,
    precision,
    recall,
    f2: fBeta(precision, recall, 2),
    strict_precision: sp,
    strict_recall: sr,
    strict_f2: fBeta(sp, sr, 2),
    perType,
  };
};

/** Adds `pii/presidio-pii` (test split) to the report when DIR/presidio-pii exists. Nothing is trained. */
export const evalPii = (dataDir: string, report: Report): void => {
  const dir = join(dataDir, 'presidio-pii');
  if (!existsSync(join(dir, 'test.jsonl'))) return;
  const s = scorePii(readJsonl<PiiRow>(join(dir, 'test.jsonl')), (t) => detectPii(t));
  const recallByType: Record<string, number> = {};
  for (const [t, b] of Object.entries(s.perType))
    if (b.gold > 0) recallByType[`recall_${t}`] = round4(b.found / b.gold) ?? 0;
  report.addRaw('pii/presidio-pii', {
    n: s.n,
    gold_spans: s.gold,
    predicted_spans: s.predicted,
    precision: round4(s.precision),
    recall: round4(s.recall),
    f2: round4(s.f2),
    strict_precision: round4(s.strict_precision),
    strict_recall: round4(s.strict_recall),
    strict_f2: round4(s.strict_f2),
    ...recallByType,
  });
};

/**
 * The held-out protocol for tuning the detector on train without the test split: rows are split into two
 * halves by their generator template (`template_id`, FNV-1a hashed; the text when a row has none), so no
 * sentence shape is in both halves. Develop on half A, check on half B; report test only a few times.
 */
export const templateHalf = (row: PiiRow & { template_id?: number }): 'A' | 'B' => {
  const key = row.template_id === undefined ? row.text : `t${row.template_id}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 2 === 0 ? 'A' : 'B';
};

/** One line of figures with precision and recall per Baton type, for the command line below. */
export const formatPiiScores = (name: string, s: PiiScores): string => {
  const types = Object.entries(s.perType)
    .sort((a, b) => b[1].gold - a[1].gold)
    .map(([t, b]) => {
      const r = b.gold === 0 ? '-' : (b.found / b.gold).toFixed(3);
      const p = b.predicted === 0 ? '-' : (b.correct / b.predicted).toFixed(3);
      return `${t} R ${r} (${b.gold}) P ${p} (${b.predicted})`;
    });
  return [
    `${name}: n ${s.n}, gold ${s.gold}, P ${s.precision.toFixed(3)}, R ${s.recall.toFixed(3)}, F2 ${s.f2.toFixed(3)}` +
      ` (strict ${s.strict_precision.toFixed(3)} / ${s.strict_recall.toFixed(3)} / ${s.strict_f2.toFixed(3)})`,
    ...types.map((t) => `  ${t}`),
  ].join('\n');
};

/**
 * `npx tsx eval/pii.ts [--data DIR] [--split train|test]`: PII figures for one split, and for a train split
 * also its two template halves (see {@link templateHalf}). Nothing is trained.
 */
const main = (): void => {
  const { values } = parseArgs({
    options: { data: { type: 'string', default: '../shared/datasets' }, split: { type: 'string', default: 'train' } },
  });
  const file = join(values.data, 'presidio-pii', `${values.split}.jsonl`);
  const rows = readJsonl<PiiRow & { template_id?: number }>(file);
  const lines = [
    formatPiiScores(
      values.split,
      scorePii(rows, (t) => detectPii(t)),
    ),
  ];
  if (values.split === 'train')
    for (const half of ['A', 'B'] as const)
      lines.push(
        formatPiiScores(
          `train half ${half}`,
          scorePii(
            rows.filter((r) => templateHalf(r) === half),
            (t) => detectPii(t),
          ),
        ),
      );
  process.stdout.write(`${lines.join('\n')}\n`);
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main();
