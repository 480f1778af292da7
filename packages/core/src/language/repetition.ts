/**
 * Repetition by meaning: the customer asks the same thing again in other words. Two views are combined:
 * content-word overlap (Jaccard over words minus stop words, so reordering and fillers do not matter) and
 * character-trigram overlap (Dice, so typos and inflections still match). Both are cheap enough to run
 * against the last few customer turns on every turn.
 */

const STOP = new Set(
  "a an the i me my you your it its is are was be to of for on in at and or but so do does did can could would will please this that what how why when where there just ok okay hi hello hey yes no not i'm it's i've".split(
    ' ',
  ),
);

/** Content words of a normalised text. */
export const contentWords = (normalized: string): Set<string> => {
  const out = new Set<string>();
  for (const w of normalized.split(' ')) if (w.length > 1 && !STOP.has(w)) out.add(w);
  return out;
};

/** Hashed character trigrams of a normalised text (padded with spaces at both ends), sorted and unique. */
const trigrams = (normalized: string): Int32Array => {
  const n = normalized.length + 2;
  const code = (i: number): number => (i === 0 || i === n - 1 ? 32 : normalized.charCodeAt(i - 1));
  const all = new Int32Array(Math.max(0, n - 2));
  for (let i = 0; i + 3 <= n; i++) all[i] = (code(i) * 31 + code(i + 1)) * 31 + code(i + 2);
  all.sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[u - 1]) all[u++] = all[i] ?? 0;
  return all.subarray(0, u);
};

const jaccard = <T>(a: Set<T>, b: Set<T>): number => {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
};

/** Dice coefficient of two sorted unique arrays, by one merge pass. */
const dice = (a: Int32Array, b: Int32Array): number => {
  if (a.length === 0 || b.length === 0) return 0;
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * inter) / (a.length + b.length);
};

/** Result of comparing a turn with earlier customer turns. */
export interface RepetitionResult {
  /** Highest similarity with an earlier turn, 0..1. */
  score: number;
  /** Index into the earlier turns of the most similar one, or -1. */
  index: number;
}

interface TextProfile {
  words: Set<string>;
  grams: Int32Array;
}

/**
 * Profiles of recently seen texts. Earlier turns are compared again on every later turn of the conversation,
 * so memoising their profiles turns the cost per turn from O(history) set building into map lookups. Bounded
 * (oldest evicted first) and keyed by content, so it never changes a result, only its cost.
 */
const PROFILE_CACHE = new Map<string, TextProfile>();
const PROFILE_CACHE_SIZE = 4096;

const profileOf = (normalized: string): TextProfile => {
  const hit = PROFILE_CACHE.get(normalized);
  if (hit !== undefined) return hit;
  const profile = { words: contentWords(normalized), grams: trigrams(normalized) };
  if (PROFILE_CACHE.size >= PROFILE_CACHE_SIZE) {
    const oldest = PROFILE_CACHE.keys().next();
    if (oldest.done !== true) PROFILE_CACHE.delete(oldest.value);
  }
  PROFILE_CACHE.set(normalized, profile);
  return profile;
};

/**
 * Similarity of `current` to the most similar of `earlier` (all normalised text). Short messages ("yes",
 * "ok thanks") never count as repetition: repeating them is normal conversation.
 */
export const detectRepetition = (current: string, earlier: readonly string[]): RepetitionResult => {
  if (current.length < 12) return { score: 0, index: -1 };
  const { words, grams } = profileOf(current);
  if (words.size < 2) return { score: 0, index: -1 };
  let best = 0;
  let index = -1;
  for (let i = 0; i < earlier.length; i++) {
    const other = earlier[i] ?? '';
    if (other.length < 12) continue;
    const p = profileOf(other);
    const s = 0.5 * jaccard(words, p.words) + 0.5 * dice(grams, p.grams);
    if (s > best) {
      best = s;
      index = i;
    }
  }
  return { score: best, index };
};
