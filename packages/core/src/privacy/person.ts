import { GIVEN_NAMES, NOT_NAMES, ORG_WORDS, PLACES, STREET_WORDS, SURNAMES } from './lexicon.ts';
import type { PiiSpan } from './types.ts';
import { bare, isCapitalised, sentenceBreak, words, type Word } from './words.ts';

/**
 * Person names without a model: runs of capitalised words (with initials and particles such as "van de"),
 * scored by context. A title ("Mr.", "Dr.") or a cue ("my name is", "called") makes a run a name; a given
 * name or surname from the lexicon raises the score; a run that starts a sentence, sits in a Title Case
 * heading, or is followed by an organisation word ("Inc.", "Orchestra") lowers or drops it. In text written
 * all in lower case, cues and the lexicon are the only evidence.
 */

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'sir',
  'madam',
  'mx',
  'mister',
  'dame',
  'lady',
  'lord',
]);
const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'da',
  'di',
  'del',
  'della',
  'la',
  'le',
  'du',
  'dos',
  'das',
  'bin',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'y',
]);
/** Cues after which the next words are a name even in lower case. */
const STRONG_CUE_ALL =
  /\b(?:my name is|name's|names? is|name:|names?:|call me|called|named|surname|last name\??|first name\??|full name\??|user:|signed|regards,?|sincerely,?|i am|i'm|this is|it's|under|ask for|speak to|speak with|talk to|dear|hi|hello|thanks|thank you)\s*/gi;
/** Given names that are also everyday words: in lower case they are not evidence. */
const AMBIGUOUS = new Set([
  'mark',
  'will',
  'bill',
  'rose',
  'grace',
  'may',
  'june',
  'april',
  'joy',
  'hope',
  'faith',
  'art',
  'jack',
  'frank',
  'guy',
  'pat',
  'angel',
  'ray',
  'rich',
  'dawn',
  'sun',
  'long',
  'king',
  'young',
  'white',
  'black',
  'green',
  'brown',
  'gray',
  'bell',
  'cook',
  'wood',
  'hill',
  'rice',
  'price',
  'rose',
  'stone',
  'fox',
  'ward',
  'bell',
  'lee',
  'kim',
  'li',
  'ma',
  'he',
  'hu',
  'lane',
  'ford',
  'hunt',
  'reed',
  'grant',
  'love',
  'ali',
  'noor',
  'sam',
  'per',
  'is',
]);

/** "in Tobel", "flew to Loeches": a lone capitalised word after these is more often a place. */
const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'from',
  'to',
  'near',
  'into',
  'via',
  'around',
  'across',
  'outside',
  'inside',
]);

/** Surname endings common across Europe (Nordic -sson/-sen/-dóttir, Slavic -ova/-ski/-ić, Greek -poulos ...). */
const SURNAME_ENDING =
  /(?:sson|sen|son|dóttir|dottir|ová|ova|eva|ski|ska|sky|cki|cka|ić|vić|vich|ovic|escu|oglu|oğlu|enko|chuk|yan|ian|opoulos|akis|idis|mann|berg|stein|ström|strom|qvist|gaard|ez|ini|elli|etti|ucci|yev|yov|ov|ev)$/u;

const lexScore = (w: string): number =>
  GIVEN_NAMES.has(w) ? 1 : SURNAMES.has(w) ? 0.8 : w.length >= 5 && SURNAME_ENDING.test(w) ? 0.5 : 0;

interface Run {
  from: number;
  to: number; // inclusive word index
}

const nameLike = (w: Word): boolean => {
  const b = bare(w.text);
  if (!isCapitalised(w.text) || /\d/.test(w.text)) return false;
  if (NOT_NAMES.has(b) || PLACES.has(b) || STREET_WORDS.has(b) || ORG_WORDS.has(b)) return false;
  // ALL CAPS words of four letters or more are headings, acronyms or city names in addresses.
  return !(w.text.length >= 4 && w.text === w.text.toUpperCase());
};
const isInitial = (w: Word): boolean => /^\p{Lu}\.?$/u.test(w.text);

/** Runs of name-like words joined by single spaces (or an initial's dot), allowing lower-case particles inside. */
const runs = (ws: Word[], lowerCase: boolean): Run[] => {
  const out: Run[] = [];
  let i = 0;
  while (i < ws.length) {
    const w = ws[i] as Word;
    const ok = lowerCase ? !NOT_NAMES.has(bare(w.text)) && /^\p{L}/u.test(w.text) : nameLike(w) || isInitial(w);
    if (!ok) {
      i++;
      continue;
    }
    let j = i;
    const maxLen = lowerCase ? 2 : 4;
    while (j + 1 < ws.length && j - i < maxLen) {
      const next = ws[j + 1] as Word;
      if (!/^ $/.test(next.gap) || /['’]s$/u.test((ws[j] as Word).text)) break;
      if (
        lowerCase ? NOT_NAMES.has(bare(next.text)) || !/^\p{L}/u.test(next.text) : !(nameLike(next) || isInitial(next))
      ) {
        // a particle joins only when a name-like word follows it
        const after = ws[j + 2];
        if (!lowerCase && PARTICLES.has(next.text) && after !== undefined && after.gap === ' ' && nameLike(after)) {
          j += 2;
          continue;
        }
        break;
      }
      j++;
    }
    out.push({ from: i, to: j });
    i = j + 1;
  }
  return out;
};

/**
 * Title Case headings ("Carry Me Back To Canada") capitalise everyday words: when two or more of the four
 * words on either side of a run are capitalised function words, capitals there are no evidence of a name.
 */
const titleCaseAround = (ws: Word[], from: number, to: number): boolean => {
  let caps = 0;
  for (let k = Math.max(1, from - 4); k <= Math.min(ws.length - 1, to + 4); k++) {
    if (k >= from && k <= to) continue;
    const x = (ws[k] as Word).text;
    if (x !== 'I' && /^\p{Lu}\p{Ll}/u.test(x) && NOT_NAMES.has(bare(x)) && !/[.!?\n]/.test((ws[k] as Word).gap)) caps++;
  }
  return caps >= 2;
};

export const detectPersons = (text: string, tokens?: Word[]): PiiSpan[] => {
  const ws = tokens ?? words(text);
  const lowerCase = !/\p{Lu}/u.test(text);
  const out: PiiSpan[] = [];
  const cueEnds = new Set<number>();
  for (const m of text.matchAll(STRONG_CUE_ALL)) cueEnds.add(m.index + m[0].length);
  for (const run of runs(ws, lowerCase)) {
    const from = run.from;
    let to = run.to;
    // drop trailing initials without a following name ("... Holinka and starring K")
    while (to > from && isInitial(ws[to] as Word)) to--;
    const first = ws[from] as Word;
    const prev = ws[from - 1];
    const next = ws[to + 1];
    const prevBare = prev === undefined ? '' : bare(prev.text);
    const textBefore = text.slice(Math.max(0, first.start - 24), first.start);
    const titled = TITLES.has(prevBare) && prev?.gap !== undefined && /^\s?$/.test(first.gap.replace(/^\./, ''));
    const cue = cueEnds.has(first.start);
    const tokens = ws.slice(from, to + 1).map((w) => bare(w.text));
    const nameTokens = tokens.filter((t) => !PARTICLES.has(t) && t.replace(/\.$/, '').length > 1);
    if (nameTokens.length === 0) continue;
    if (next !== undefined && next.gap === ' ' && (ORG_WORDS.has(bare(next.text)) || STREET_WORDS.has(bare(next.text))))
      continue;
    if (prev !== undefined && /^\d/.test(prev.text) && /^\s+$/.test(first.gap)) continue; // "12 Baker ..." is an address
    const lex = Math.max(...nameTokens.map((t) => (lowerCase && AMBIGUOUS.has(t) ? 0 : lexScore(t))));
    let score: number;
    if (lowerCase) {
      if (
        cue &&
        !/^(?:i'm|i am|it's|this is|under|hi|hello|thanks|thank you|dear)\s*$/i.test(
          textBefore.trim().split(/\s+/).slice(-2).join(' '),
        ) &&
        nameTokens.length <= 3
      )
        score = 0.8;
      else if (lex >= 1 && nameTokens.length >= 2 && nameTokens.length <= 3) score = 0.7;
      else if (lex > 0 && cue) score = 0.7;
      else continue;
      // in lower case, a run is at most a given name and a surname or two
      to = Math.min(to, from + 2);
    } else {
      const atStart = sentenceBreak(prev, first) || /^\s*[>"'(]/.test(first.gap);
      const multi = nameTokens.length >= 2;
      if (titled) score = 0.95;
      else if (cue) score = 0.9;
      else if (lex > 0) score = multi ? 0.9 : 0.75;
      else if (atStart)
        score = multi ? 0.65 : next !== undefined && next.gap.startsWith(',') && next.gap.length <= 2 ? 0.55 : 0.3;
      else if (PLACE_PREPOSITIONS.has(prevBare)) score = multi ? 0.55 : 0.45;
      else score = multi ? 0.75 : 0.6;
      if (!titled && !cue && lex === 0 && titleCaseAround(ws, from, to)) score = Math.min(score, 0.35);
    }
    const end = (ws[to] as Word).end;
    let value = text.slice(first.start, end);
    // possessive and a sentence-final dot are not part of the name (but an initial's dot is)
    const trimmed = value.replace(/['’]s$/u, '').replace(/(\p{L}{2,})\.$/u, '$1');
    value = trimmed;
    out.push({ type: 'PERSON', start: first.start, end: first.start + value.length, value, score });
  }
  return out;
};
