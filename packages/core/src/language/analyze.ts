import { canonicalToken } from './normalize.ts';

/** Words that open a negation scope. "can't" / "cannot" are left out on purpose: "why can't I talk to a person" is a request. */
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  "don't",
  "doesn't",
  "didn't",
  "won't",
  "isn't",
  "aren't",
  "wasn't",
  "wouldn't",
  "shouldn't",
  "haven't",
  "hasn't",
  'without',
  'neither',
  'nor',
]);

/** Contracted negatives that do not negate a wish: "why can't I talk to someone" still asks for a person. */
const NOT_NEGATORS = new Set(["can't", "couldn't"]);

/** Words that close a negation scope early: a new clause starts. */
const SCOPE_BREAKERS = new Set([
  'but',
  'however',
  'although',
  'though',
  'so',
  'because',
  'just',
  'yet',
  'instead',
  'please',
]);

/** How many tokens after a negator it still applies to (Councill et al. 2010 report most scopes under six words). */
const SCOPE_LENGTH = 5;

/** The per-turn text analysis every detector reads; computed once per turn. */
export interface TextAnalysis {
  /** The text as received. */
  raw: string;
  /** Canonical lower-case tokens (contractions unified, elongations squeezed). */
  tokens: string[];
  /** 1 where the token lies inside a negation scope. */
  negated: Uint8Array;
  /** Index of the clause each token belongs to (split on . , ; : ! ? and new lines). */
  clause: Uint16Array;
  /** Normalised text: tokens joined by single spaces. */
  text: string;
  /** Share of alphabetic words of two or more letters written in capitals (0..1). */
  capsRatio: number;
  /** Number of such all-caps words. */
  capsWords: number;
  /** Number of '!' characters. */
  exclamations: number;
  /** Longest run of '!' / '?' characters ("?!?!" counts 4). */
  punctuationRun: number;
}

const WORD = /[\p{L}\p{N}']+|[.,;:!?\n]/gu;

/**
 * Tokenises and annotates one message. Linear in the text length; no allocations beyond the token array
 * and two typed arrays. Texts longer than `maxChars` are cut: a turn's tail adds nothing to a decision.
 * ASCII text (nearly every turn) is tokenised in one char-code pass; other text goes through the Unicode
 * regular expressions, with the same result.
 */
export const analyze = (input: string, maxChars = 1000): TextAnalysis => {
  const raw = input.length > maxChars ? input.slice(0, maxChars) : input;
  const tokens: string[] = [];
  const clauseOf: number[] = [];
  const caps = isAscii(raw) ? tokenizeAscii(raw, tokens, clauseOf) : tokenizeUnicode(raw, tokens, clauseOf);
  const negated = new Uint8Array(tokens.length);
  let scope = 0;
  let scopeClause = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const c = clauseOf[i] ?? 0;
    if (c !== scopeClause || SCOPE_BREAKERS.has(t)) scope = 0;
    if (NEGATORS.has(t) || (t.endsWith("n't") && !NOT_NEGATORS.has(t))) {
      // The negator itself stays unmarked so phrases that start with one ("doesn't make sense") still match.
      scope = SCOPE_LENGTH;
      scopeClause = c;
      continue;
    }
    if (scope > 0) {
      negated[i] = 1;
      scope--;
    }
  }
  const { capsWords, alphaWords } = caps;
  let exclamations = 0;
  let run = 0;
  let punctuationRun = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 33) exclamations++;
    if (ch === 33 || ch === 63) {
      run++;
      if (run > punctuationRun) punctuationRun = run;
    } else if (ch !== 32) run = 0;
  }
  return {
    raw,
    tokens,
    negated,
    clause: Uint16Array.from(clauseOf),
    text: tokens.join(' '),
    capsRatio: alphaWords === 0 ? 0 : capsWords / alphaWords,
    capsWords,
    exclamations,
    punctuationRun,
  };
};

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
};

interface CapsCount {
  capsWords: number;
  alphaWords: number;
}

/** Pushes one word token (quotes around it stripped, canonical spelling) with its clause. */
const pushToken = (t: string, clause: number, tokens: string[], clauseOf: number[]): void => {
  // Strip quotes around a word ('refund') without a regex: most tokens have none.
  const cleaned = t.charCodeAt(0) === 39 || t.charCodeAt(t.length - 1) === 39 ? t.replace(/^'+|'+$/g, '') : t;
  if (cleaned === '') return;
  tokens.push(canonicalToken(cleaned));
  clauseOf.push(clause);
};

/** True for the characters that end a clause: . , ; : ! ? and new line. */
const isClauseMark = (c: number): boolean =>
  c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 10;

/**
 * The ASCII tokenizer: the same tokens as `tokenizeUnicode` (lower case, backtick as apostrophe, a letter
 * repeated three or more times squeezed to two), counted capitals included, in one pass without regexes.
 */
const tokenizeAscii = (raw: string, tokens: string[], clauseOf: number[]): CapsCount => {
  const lower = raw.toLowerCase();
  let clause = 0;
  let start = -1;
  // Whether the current token needs rewriting (a backtick, or a squeezed elongation).
  let dirty = false;
  let run = 0;
  let capsWords = 0;
  let alphaWords = 0;
  let letters = 0;
  let upper = true;
  const n = raw.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 32;
    const isLetter = c >= 97 && c <= 122;
    // Capitals are counted on the raw text over runs of two or more letters.
    if (isLetter) {
      letters++;
      const r = raw.charCodeAt(i);
      if (r >= 97) upper = false;
    } else if (letters > 0) {
      if (letters >= 2) {
        alphaWords++;
        if (upper) capsWords++;
      }
      letters = 0;
      upper = true;
    }
    if (isLetter || (c >= 48 && c <= 57) || c === 39 || c === 96) {
      if (start < 0) {
        start = i;
        dirty = false;
        run = 0;
      }
      if (c === 96) dirty = true;
      if (isLetter && i > start && lower.charCodeAt(i - 1) === c) {
        run++;
        if (run >= 2) dirty = true;
      } else run = 0;
      continue;
    }
    if (start >= 0) {
      const t = lower.slice(start, i);
      pushToken(dirty ? t.replace(/`/g, "'").replace(/([a-z])\1{2,}/g, '$1$1') : t, clause, tokens, clauseOf);
      start = -1;
    }
    if (isClauseMark(c) && tokens.length > 0 && clauseOf[clauseOf.length - 1] === clause) clause++;
  }
  return { capsWords, alphaWords };
};

/** The general tokenizer: Unicode letters and digits, by regular expressions. */
const tokenizeUnicode = (raw: string, tokens: string[], clauseOf: number[]): CapsCount => {
  const lower = raw
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/(\p{L})\1{2,}/gu, '$1$1');
  let clause = 0;
  for (const m of lower.matchAll(WORD)) {
    const t = m[0];
    if (t.length === 1 && '.,;:!?\n'.includes(t)) {
      if (tokens.length > 0 && clauseOf[clauseOf.length - 1] === clause) clause++;
      continue;
    }
    pushToken(t, clause, tokens, clauseOf);
  }
  let capsWords = 0;
  let alphaWords = 0;
  for (const m of raw.matchAll(/\p{L}{2,}/gu)) {
    alphaWords++;
    const w = m[0];
    if (w === w.toUpperCase() && w !== w.toLowerCase()) capsWords++;
  }
  return { capsWords, alphaWords };
};
