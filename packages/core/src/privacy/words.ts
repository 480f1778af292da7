/** A word of the text with its offsets; `gap` is the text between the previous word and this one. */
export interface Word {
  text: string;
  start: number;
  end: number;
  gap: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.-][\p{L}\p{M}\p{N}]+)*\.?/gu;

/** Splits text into words (letters, digits, inner apostrophes, dots and dashes; a trailing dot is kept). */
export const words = (text: string): Word[] => {
  const out: Word[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, gap: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return out;
};

/**
 * Memoises a function of one word. Bounded (cleared at 4096 entries) so memory stays flat; a cache, not
 * state: results never depend on it.
 */
export const memoWord = <T>(f: (w: string) => T): ((w: string) => T) => {
  const cache = new Map<string, T>();
  return (w) => {
    let v = cache.get(w);
    if (v === undefined) {
      if (cache.size >= 4096) cache.clear();
      v = f(w);
      cache.set(w, v);
    }
    return v;
  };
};

/** The word without a trailing dot or possessive `'s`, lower-cased. */
export const bare = memoWord((w: string): string =>
  w
    .replace(/['’]s$/u, '')
    .replace(/\.$/, '')
    .toLowerCase(),
);

export const isCapitalised = (w: string): boolean => /^\p{Lu}/u.test(w);
export const isNumber = (w: string): boolean => /^\d[\d-]*\p{L}?\.?$/u.test(w);
/** Whether a sentence ends between the previous word and this one. */
export const sentenceBreak = (prev: Word | undefined, w: Word): boolean =>
  prev === undefined || /[!?;:\n]/.test(w.gap) || (prev.text.endsWith('.') && prev.text.length > 3);
