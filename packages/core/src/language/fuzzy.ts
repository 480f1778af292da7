/**
 * Typo-tolerant vocabulary lookup with the symmetric-delete method (SymSpell, Garbe 2012): every vocabulary
 * word and every single-character deletion of it is indexed once; a token matches a word when the token, or
 * one of its single deletions, is in the index. That covers one insertion, deletion, substitution or adjacent
 * transposition ("agnet", "pesron", "manger") at the cost of O(length) string slices per lookup.
 *
 * Short tokens (under `minLength`) only match exactly: at three or four letters one edit turns too many
 * ordinary words into vocabulary words ("rep" / "red").
 */
export class FuzzyVocabulary {
  private readonly exact = new Set<string>();
  private readonly deletes = new Map<string, string>();
  /**
   * Memo of edit-distance lookups (token → word, or null for no match): customer words follow Zipf's law, so
   * nearly every lookup after warm-up is one map hit instead of `length` string slices. Bounded: cleared
   * when full, so memory stays under `memoSize` entries whatever the traffic.
   */
  private readonly memo = new Map<string, string | null>();
  private static readonly memoSize = 20_000;

  /**
   * @param words the canonical words.
   * @param minLength shortest token that may match with one edit.
   */
  constructor(
    words: Iterable<string>,
    private readonly minLength = 5,
  ) {
    for (const w of words) this.exact.add(w);
    for (const w of this.exact) {
      if (w.length < this.minLength) continue;
      for (let i = 0; i < w.length; i++) {
        const d = w.slice(0, i) + w.slice(i + 1);
        if (!this.deletes.has(d) && !this.exact.has(d)) this.deletes.set(d, w);
      }
    }
  }

  /** Returns the canonical word the token stands for, or undefined. */
  match(token: string): string | undefined {
    if (this.exact.has(token)) return token;
    if (token.length < this.minLength - 1) return undefined;
    const known = this.memo.get(token);
    if (known !== undefined) return known ?? undefined;
    const found = this.search(token);
    if (this.memo.size >= FuzzyVocabulary.memoSize) this.memo.clear();
    this.memo.set(token, found ?? null);
    return found;
  }

  private search(token: string): string | undefined {
    // The token lacks a letter: it is a deletion of a word.
    const direct = this.deletes.get(token);
    if (direct !== undefined) return direct;
    if (token.length < this.minLength) return undefined;
    for (let i = 0; i < token.length; i++) {
      const d = token.slice(0, i) + token.slice(i + 1);
      // An extra letter: the deletion is the word itself.
      if (this.exact.has(d) && d.length >= this.minLength) return d;
      // A substituted or transposed letter: both share a deletion.
      const viaDelete = this.deletes.get(d);
      if (viaDelete !== undefined && Math.abs(viaDelete.length - token.length) <= 0) return viaDelete;
    }
    return undefined;
  }

  /** True when the word is in the vocabulary exactly. */
  has(word: string): boolean {
    return this.exact.has(word);
  }
}
