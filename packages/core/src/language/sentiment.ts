import type { TextAnalysis } from './analyze.ts';
import { PhraseSet } from './phrase-set.ts';
import { INTENSIFIERS, SENTIMENT_LEXICON, SENTIMENT_PHRASES } from './sentiment-lexicon.ts';

/** The multi-word expressions, matched token by token ("no help" never inside "piano help"). */
const PHRASES = new PhraseSet<string>(SENTIMENT_PHRASES.map(([p]) => [p, p] as const));
const PHRASE_VALUE: ReadonlyMap<string, number> = new Map(SENTIMENT_PHRASES);

/** VADER's normalisation constant: compound = s / sqrt(s² + α). */
const ALPHA = 15;
/** VADER's scalar for a negated word: flips and dampens ("not good" is mildly negative, not −2). */
const NEGATION_SCALAR = -0.74;

/** Sentiment of one message. */
export interface SentimentResult {
  /** Compound score in −1 (very negative) .. +1 (very positive). */
  score: number;
  /** How many lexicon hits contributed; 0 means the message carried no sentiment words. */
  hits: number;
}

/** Weight of token i around a "but" at `butAt` (−1: none): 0.5 before it, 1.5 after. */
const butWeight = (butAt: number, i: number): number => (butAt < 0 ? 1 : i < butAt ? 0.5 : 1.5);

/**
 * Lexicon sentiment with VADER's rules in a compact form: negation scope flips a word, intensifiers scale
 * it, the clause after "but" weighs 1.5× and the one before 0.5×, capitals and '!' amplify. Phrases are
 * matched first and their words skipped so "not working" is not also "working".
 */
export const scoreSentiment = (a: TextAnalysis): SentimentResult => {
  const { tokens, negated } = a;
  const consumed = new Uint8Array(tokens.length);
  let sum = 0;
  let hits = 0;
  const butAt = tokens.indexOf('but');
  if (tokens.length > 1) {
    const found: string[] = [];
    for (const hit of PHRASES.find(a)) {
      // Each expression counts once, at its first occurrence.
      if (found.includes(hit.phrase)) continue;
      found.push(hit.phrase);
      for (let k = hit.start; k < hit.end; k++) consumed[k] = 1;
      sum += (PHRASE_VALUE.get(hit.phrase) ?? 0) * butWeight(butAt, hit.start);
      hits++;
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (consumed[i] === 1) continue;
    const t = tokens[i] ?? '';
    const base = SENTIMENT_LEXICON.get(t);
    if (base === undefined) continue;
    let v = base;
    const prev = i > 0 ? INTENSIFIERS.get(tokens[i - 1] ?? '') : undefined;
    if (prev !== undefined) v += Math.sign(v) * prev * Math.abs(v);
    if (negated[i] === 1) v *= NEGATION_SCALAR;
    sum += v * butWeight(butAt, i);
    hits++;
  }
  if (hits > 0 && a.capsRatio > 0.5 && a.capsWords >= 2) sum *= 1.2;
  if (sum !== 0) sum += Math.sign(sum) * Math.min(a.exclamations, 4) * 0.29;
  return { score: sum / Math.sqrt(sum * sum + ALPHA), hits };
};

/**
 * Slope of the last `window` sentiment scores (least squares, per turn). Negative when the customer's mood is
 * getting worse. Zero with fewer than two points.
 */
export const sentimentTrend = (history: readonly number[], window = 4): number => {
  const n = Math.min(window, history.length);
  if (n < 2) return 0;
  const start = history.length - n;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const y = history[start + i] ?? 0;
    sx += i;
    sy += y;
    sxy += i * y;
    sxx += i * i;
  }
  const den = n * sxx - sx * sx;
  return den === 0 ? 0 : (n * sxy - sx * sy) / den;
};
