import type { TextAnalysis } from './analyze.ts';

/** One phrase found in a message. */
export interface PhraseHit<L extends string> {
  label: L;
  phrase: string;
  /** Token index of the first and one past the last matched token. */
  start: number;
  end: number;
  /** True when the first matched token lies in a negation scope ("not a scam"). */
  negated: boolean;
}

interface Compiled<L> {
  words: string[];
  label: L;
  phrase: string;
}

const twoChars = (s: string): number => (s.charCodeAt(0) << 16) | s.charCodeAt(1);

/**
 * A set of labelled multi-word phrases matched token by token, so "fed up" never matches inside "fed upset".
 * A `*` in a phrase matches any one token ("lost my * job"), and a trailing `*` on a word matches a prefix
 * ("harass*"). Phrases are indexed by their first word, or a prefix by its first two letters, so a message
 * costs two map lookups per token plus the candidates that share them.
 */
export class PhraseSet<L extends string> {
  private readonly byFirst = new Map<string, Compiled<L>[]>();
  /** Prefix phrases by the char codes of their first two letters (`c0 << 16 | c1`); shorter ones in `short`. */
  private readonly prefixes = new Map<number, Array<[string, Compiled<L>]>>();
  private readonly short: Array<[string, Compiled<L>]> = [];

  constructor(entries: Iterable<readonly [L, string]>) {
    for (const [label, phrase] of entries) {
      const words = phrase.split(' ');
      const first = words[0] ?? '';
      const compiled: Compiled<L> = { words, label, phrase };
      if (first.endsWith('*') && first.length > 1) {
        const prefix = first.slice(0, -1);
        if (prefix.length < 2) this.short.push([prefix, compiled]);
        else {
          const key = twoChars(prefix);
          const list = this.prefixes.get(key) ?? [];
          list.push([prefix, compiled]);
          this.prefixes.set(key, list);
        }
      } else {
        const list = this.byFirst.get(first) ?? [];
        list.push(compiled);
        this.byFirst.set(first, list);
      }
    }
  }

  /** Every phrase occurrence in the analysed message, in text order. */
  find(a: TextAnalysis): PhraseHit<L>[] {
    const hits: PhraseHit<L>[] = [];
    const { tokens } = a;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] ?? '';
      const candidates = this.byFirst.get(t);
      if (candidates !== undefined) for (const c of candidates) this.tryMatch(c, a, i, hits);
      if (t.length >= 2) {
        const byPrefix = this.prefixes.get(twoChars(t));
        if (byPrefix !== undefined)
          for (const [prefix, c] of byPrefix) if (t.startsWith(prefix)) this.tryMatch(c, a, i, hits);
      }
      for (const [prefix, c] of this.short) if (t.startsWith(prefix)) this.tryMatch(c, a, i, hits);
    }
    return hits;
  }

  private tryMatch(c: Compiled<L>, a: TextAnalysis, i: number, hits: PhraseHit<L>[]): void {
    const { tokens } = a;
    if (i + c.words.length > tokens.length) return;
    for (let k = 1; k < c.words.length; k++) {
      const w = c.words[k] ?? '';
      const t = tokens[i + k] ?? '';
      if (w === '*') continue;
      if (w.endsWith('*') ? !t.startsWith(w.slice(0, -1)) : w !== t) return;
    }
    hits.push({ label: c.label, phrase: c.phrase, start: i, end: i + c.words.length, negated: a.negated[i] === 1 });
  }
}
