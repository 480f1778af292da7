import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { summarize, type SummaryTurn } from '../packages/core/src/context/summarize.ts';
import { readJsonl } from './data.ts';
import { round4 } from './metrics.ts';
import type { Report } from './report.ts';

/** One DialogSum row. */
export interface DialogSumRow {
  fname: string;
  dialogue: string;
  summary: string;
}

/**
 * ROUGE (Lin 2004), written here so the figure needs no Python: tokens are lower-cased runs of letters and
 * digits (the `rouge-score` package's default tokenizer), without stemming or stop-word removal. ROUGE-N is
 * the F-measure of clipped n-gram overlap; ROUGE-L the F-measure of the longest common subsequence over the
 * whole summary (not the per-sentence "Lsum" variant). One reference per dialogue.
 */
export const rougeTokens = (s: string): string[] => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

const f1 = (overlap: number, candidate: number, reference: number): number => {
  if (overlap === 0 || candidate === 0 || reference === 0) return 0;
  const p = overlap / candidate;
  const r = overlap / reference;
  return (2 * p * r) / (p + r);
};

const ngrams = (tokens: readonly string[], n: number): Map<string, number> => {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
};

export const rougeN = (candidate: string, reference: string, n: number): number => {
  const c = ngrams(rougeTokens(candidate), n);
  const r = ngrams(rougeTokens(reference), n);
  let overlap = 0;
  for (const [g, k] of c) overlap += Math.min(k, r.get(g) ?? 0);
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return f1(overlap, total(c), total(r));
};

export const rougeL = (candidate: string, reference: string): number => {
  const a = rougeTokens(candidate);
  const b = rougeTokens(reference);
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return f1(prev[b.length] ?? 0, a.length, b.length);
};

/**
 * DialogSum dialogues as summariser input. Both speakers are treated as the customer: DialogSum is everyday
 * two-party talk, not support chats, so neither side is "the assistant". Speaker tags (#Person1#) are kept as
 * names, as the reference summaries use them.
 */
export const dialogueTurns = (dialogue: string): SummaryTurn[] =>
  dialogue
    .split('\n')
    .map((line) => /^\s*(#[^#]+#)\s*:\s*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ role: 'customer' as const, speaker: m[1] ?? '', text: m[2] ?? '' }));

export interface RougeScores {
  n: number;
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export const scoreSummaries = (
  rows: readonly DialogSumRow[],
  summarise: (row: DialogSumRow) => string,
): RougeScores => {
  let r1 = 0,
    r2 = 0,
    rl = 0;
  for (const row of rows) {
    const out = summarise(row);
    r1 += rougeN(out, row.summary, 1);
    r2 += rougeN(out, row.summary, 2);
    rl += rougeL(out, row.summary);
  }
  const n = rows.length;
  return { n, rouge1: n === 0 ? 0 : r1 / n, rouge2: n === 0 ? 0 : r2 / n, rougeL: n === 0 ? 0 : rl / n };
};

/** The offline summariser's paragraph for a DialogSum row. */
export const extractiveSummary = (row: DialogSumRow): string => summarize(dialogueTurns(row.dialogue)).text;

/** Adds `summary/dialogsum` (test split, offline extractive summariser) when DIR/dialogsum exists. */
export const evalSummary = (dataDir: string, report: Report): void => {
  const dir = join(dataDir, 'dialogsum');
  if (!existsSync(join(dir, 'test.jsonl'))) return;
  const s = scoreSummaries(readJsonl<DialogSumRow>(join(dir, 'test.jsonl')), extractiveSummary);
  report.addRaw('summary/dialogsum', {
    n: s.n,
    rouge1: round4(s.rouge1),
    rouge2: round4(s.rouge2),
    rougeL: round4(s.rougeL),
    system: 'extractive',
  });
};
