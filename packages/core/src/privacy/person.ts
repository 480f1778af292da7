import {
  COMMON_WORDS,
  GIVEN_NAMES,
  NOT_NAMES,
  ORG_NEXT,
  BRANDS,
  ORG_WORDS,
  PERSON_VERBS,
  PLACES,
  STREET_WORDS,
  SURNAMES,
} from './lexicon.ts';
import { CENSUS_GIVEN_NAMES, CENSUS_SURNAMES, FAMILIAR_WORDS } from './census-names.ts';
import type { PiiSpan } from './types.ts';
import { bare, isCapitalised, memoWord, sentenceBreak, words, type Word } from './words.ts';

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
  // job and family titles written before a name ("Officer Bragg", "Aunt Lidia")
  ...'doctor professor captain capt sergeant sgt officer nurse judge president director senator sen governor gov mayor coach detective inspector colonel col lieutenant lt rev reverend fr father sister brother uncle aunt auntie grandma grandpa'.split(
    ' ',
  ),
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
/** A lower-case word that reads as an everyday word: listed, or with an adjective, adverb or verb ending. */
const everyday = (t: string): boolean =>
  COMMON_WORDS.has(t) ||
  NOT_NAMES.has(t) ||
  // plurals of everyday words ("bots", "agents")
  (t.endsWith('s') && (COMMON_WORDS.has(t.slice(0, -1)) || NOT_NAMES.has(t.slice(0, -1)))) ||
  /\d/.test(t) ||
  /(?:ing|ed|ly|ful|less|ous|ive|able|ible|ry)$/.test(t);
/** Cues that need a known name after them in lower-case text ("i'm tired", "under review"). */
const WEAK_CUE_END =
  /(?:^|[^\p{L}'])(?:i'm|i am|it's|this is|under|hi|hello|hey|thanks|thank you|cheers|dear|contact|cc|\w+ by|my \w+|tell|told|ask|asked|remind|email|text|call|ping|thank|(?:talk(?:ed|ing)?|spoke|speak(?:ing)?|wrote|writing|according|belongs?|married|engaged|introduced|repl(?:y|ied)|say hi|said hi) to)[,!]?\s*$/iu;
/**
 * Verbs that take a person as object ("tell oduya", "ask kemal"). Only a cue in lower-case text: in written
 * case a capital already marks the name, and "call Amazon" or "email Support" must not become people.
 */
const VERB_CUE_END = /(?:^|[^\p{L}'])(?:tell|told|ask|asked|remind|email|text|call|ping|thank)\s*$/iu;
/** Nouns that, after a possessive, show that its owner is a person ("Ana's phone number", "Kofi's wife"). */
const PERSONAL_NOUNS = new Set(
  (
    'phone number email e-mail address card account birthday husband wife son daughter mother father mom mum dad ' +
    'brother sister kids children child boyfriend girlfriend partner friend family car house flat apartment ' +
    'passport licence license ssn id order parcel package booking reservation ticket mobile cell'
  ).split(' '),
);
/** First words of place names ("San Teodoro", "Port Elrin", "New Halden"). */
const PLACE_START = new Set(
  'san santa santo são sao los las el la port fort mount lake new saint st. sainte bad'.split(' '),
);
/** Cues after which the next words are a name even in lower case. */
const STRONG_CUE_ALL =
  /\b(?:(?:hi|hello|hey|dear|thanks|thank you|cheers|best|best wishes|kind regards|warm regards|many thanks|good (?:morning|afternoon|evening)),|my name is|name's|names? is|name:|names?:|call me|called|named|surname|last name\??|first name\??|full name\??|user:|signed|regards,?|sincerely,?|i am|i'm|this is|it's|under|ask for|speak to|speak with|talk to|dear|hi|hello|thanks|thank you|my (?:friend|son|daughter|wife|husband|partner|mother|mom|mum|father|dad|brother|sister|kid|child|boss|colleague|grandfather|grandmother|grandson|granddaughter|uncle|aunt|cousin|nephew|niece|neighbou?r|fianc[eé]e?|boyfriend|girlfriend)|(?:written|directed|signed|sent|approved|created|authored|composed|produced|handled|referred|assisted|helped|contacted|served) by|contact|cc|attn:?|attention:?|from:|to:|cheers|contact person:?|(?:customer|account|card ?holder|holder|passenger|guest|patient|recipient|sender)(?:'s)? name:?\s*-?|(?:talk(?:ed|ing)?|spoke|speak(?:ing)?|wrote|writing|according|belongs?|married|engaged|introduced|repl(?:y|ied)|say hi|said hi) to|(?:tell|told|ask|asked|remind|email|text|call|ping|thank) )\s*/giu;
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

/** Lower-cased word without diacritics, so "Jürgen" and "Bjørn" meet the lexicon's "jurgen" and "bjorn". */
const fold = memoWord((w: string): string =>
  w
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[đð]/g, 'd')
    .replace(/ł/g, 'l')
    .replace(/þ/g, 'th'),
);
const isGiven = (w: string): boolean => GIVEN_NAMES.has(w) || GIVEN_NAMES.has(fold(w));
const isSurname = (w: string): boolean => SURNAMES.has(w) || SURNAMES.has(fold(w));
/**
 * The Census lists (census-names.ts), built on first use: about 90,000 names, most of them rare. Words the
 * hand-written lists know as everyday, place or organisation words are left out, so a census surname such as
 * "Music" or "Office" is no evidence.
 */
interface CensusLists {
  given: ReadonlySet<string>;
  surnames: ReadonlySet<string>;
  familiar: ReadonlySet<string>;
}
let census: CensusLists | undefined;
const censusLists = (): CensusLists => {
  if (census !== undefined) return census;
  const keep = (w: string): boolean =>
    w !== '' &&
    !COMMON_WORDS.has(w) &&
    !NOT_NAMES.has(w) &&
    !PLACES.has(w) &&
    !ORG_WORDS.has(w) &&
    !ORG_NEXT.has(w) &&
    !STREET_WORDS.has(w) &&
    !PERSON_VERBS.has(w);
  census = {
    given: new Set(CENSUS_GIVEN_NAMES.split(/\s+/).filter(keep)),
    surnames: new Set(CENSUS_SURNAMES.split(/\s+/).filter(keep)),
    familiar: new Set(FAMILIAR_WORDS.split(/\s+/).filter((w) => w !== '')),
  };
  return census;
};
const inCensus = memoWord((w: string): number => {
  const { given, surnames } = censusLists();
  const f = fold(w);
  return given.has(f) ? 2 : surnames.has(f) ? 1 : 0;
});
/**
 * Lexicon evidence for one lower-case word: 1 a listed given name, 0.9 a Census given name, 0.8 a listed
 * surname, 0.5 a surname ending, 0.3 a Census surname. The Census surnames hold many rare words ("Patient",
 * "Cable"), so alone they are weak: they count in a run of two or more words, not for one word.
 */
const lexScore = (w: string): number => {
  if (isGiven(w)) return 1;
  const c = inCensus(w);
  if (c === 2) return 0.9;
  if (isSurname(w)) return 0.8;
  if (w.length >= 5 && SURNAME_ENDING.test(w)) return 0.5;
  return c === 1 ? 0.3 : 0;
};
/** Month abbreviations: "on Jan 3rd", "the 16th of Apr" are dates even when "Jan" is a given name. */
const MONTH_ABBREVIATIONS = new Set('jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '));
/** Words around a month abbreviation that make it a date. */
const DATE_NEIGHBOURS = /^(?:of|the|in|on|from|until|till|to|since|by|before|after|\d+(?:st|nd|rd|th)?)$/;

/**
 * The name-like parts of every e-mail local part in the text: "k.szymanska" → szymanska, "JaneDoe" → jane,
 * doe. A word of the text that repeats one is a name (people's addresses are made of their names).
 */
const emailNameParts = (text: string): Set<string> => {
  const parts = new Set<string>();
  for (const m of text.matchAll(/([\p{L}\p{N}._%+-]+)@[\p{L}\p{N}-]+\.[\p{L}\p{N}.-]+/gu)) {
    const local = (m[1] as string).replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
    for (const piece of local.split(/[^\p{L}]+|\s+/u)) if (piece.length >= 3) parts.add(fold(piece.toLowerCase()));
  }
  return parts;
};

/** Given names from either list: the anchor of "Given Surname" pairs. */
const anyGiven = (w: string): boolean => isGiven(w) || inCensus(w) === 2;
/**
 * Whether a word of the text is a given name from the hand-written or the Census list, ignoring case and a
 * possessive. The address detector uses it so that "Jane Doe, 12 Main Street" leaves the name to this one.
 */
export const isGivenNameWord = (word: string): boolean => anyGiven(bare(word));
/** Whether a word is a surname from the hand-written or the Census list, ignoring case and a possessive. */
export const isSurnameWord = (word: string): boolean => {
  const b = bare(word);
  return isSurname(b) || inCensus(b) === 1;
};
/** A familiar English word or its plural ("Perfect", "Settings"), and in no name list. */
const familiarWord = memoWord((w: string): boolean => {
  const { familiar } = censusLists();
  const f =
    familiar.has(w) ||
    (w.endsWith('s') && familiar.has(w.slice(0, -1))) ||
    (/(?:s|x|z|ch|sh)es$/.test(w) && familiar.has(w.slice(0, -2)));
  return f && !isGiven(w) && !isSurname(w) && inCensus(w) !== 2;
});
/**
 * Adverbs and participles ("Honestly", "Signed", "Absolutely") that start sentences; not in a name list.
 * "-ing" is left out: Fleming, Manning and Harding are surnames.
 */
const wordShaped = (w: string): boolean =>
  w.length >= 6 && /(?:ly|ed)$/.test(w) && !isGiven(w) && !isSurname(w) && inCensus(w) === 0;
/** A capitalised everyday word ("Music", "Finance") that no name list holds. */
const commonWord = (b: string): boolean => COMMON_WORDS.has(b) && !isGiven(b) && !isSurname(b);
/** Cues before a capitalised run that make it an organisation or a place rather than a person. */
const ORG_BEFORE =
  /(?:\bwork(?:s|ed|ing)? (?:for|at)|\bemployed (?:by|at)|\brecorded for|\baccording to the|\baddress of|\bbased in|\bflew to|\btravel(?:l?ing|l?ed)? to|\bmoved (?:here )?(?:from|to)|\breturned to|\barrived (?:at|in)|\bcity of|\btown of|\buniversity of|\bcollege of)\s+$/i;
/** What follows an organisation's name: "is a logistics company", "was a charity". */
const ORG_AFTER =
  /^,?\s+(?:is|was|has been)\s+(?:an?|the)\s+(?:[\p{L}\d()-]+\s+){0,2}(?:company|agency|firm|business|brand|charity|non-?profit|organi[sz]ation|start-?up|bank|group|retailer|manufacturer|provider|corporation|501)/iu;
/** The last word of every {@link ORG_BEFORE} cue: the regular expression runs only after one of them. */
const ORG_BEFORE_LAST = new Set(['for', 'at', 'by', 'the', 'in', 'to', 'from', 'of']);
/** "Jane Roe of Acme", "the University of Tarvik": "of" after a capitalised word. */
const OF_AFTER_CAPITAL = /\p{Lu}[\p{L}'’.-]*\s+of\s+$/u;

interface Run {
  from: number;
  to: number; // inclusive word index
}

const nameLikeText = memoWord((text: string): boolean => {
  const b = bare(text);
  if (!isCapitalised(text) || /\d/.test(text)) return false;
  if (NOT_NAMES.has(b) || PLACES.has(b) || ORG_WORDS.has(b) || BRANDS.has(b)) return false;
  // "I'm", "I've", "Im", "Ive": the pronoun with a verb, apostrophe or not
  if (/^i(?:['’]\p{L}+|m|ve)$/u.test(b)) return false;
  // "Hill", "Dale", "Ford" are streets and names alike
  if (STREET_WORDS.has(b) && !isGiven(b) && !isSurname(b)) return false;
  // acronyms and their plurals ("CEOs", "RR", "ABC") are not names
  if (text.length <= 5 && /^\p{Lu}{2,}(?:s|\p{Lu})?\.?$/u.test(text) && !isGiven(b) && !isSurname(b)) return false;
  // ALL CAPS words of four letters or more are headings, acronyms or city names in addresses.
  return !(text.length >= 4 && text === text.toUpperCase());
});
const nameLike = (w: Word): boolean => nameLikeText(w.text);
const isInitial = (w: Word): boolean => /^\p{Lu}\.?$/u.test(w.text);

/** Runs of name-like words joined by single spaces (or an initial's dot), allowing lower-case particles inside. */
const runs = (ws: Word[], lowerCase: boolean): Run[] => {
  const out: Run[] = [];
  let i = 0;
  while (i < ws.length) {
    const w = ws[i] as Word;
    const ok = lowerCase
      ? !NOT_NAMES.has(bare(w.text)) && !BRANDS.has(bare(w.text)) && /^\p{L}/u.test(w.text)
      : nameLike(w) || isInitial(w);
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
  const count = (k: number): void => {
    const x = (ws[k] as Word).text;
    if (x !== 'I' && /^\p{Lu}\p{Ll}/u.test(x) && NOT_NAMES.has(bare(x)) && !/[.!?\n]/.test((ws[k] as Word).gap)) caps++;
  };
  // only the same line: a heading on the next line says nothing about this one
  for (let k = from - 1; k >= Math.max(1, from - 4) && !/\n/.test((ws[k + 1] as Word).gap); k--) count(k);
  for (let k = to + 1; k <= Math.min(ws.length - 1, to + 4) && !/\n/.test((ws[k] as Word).gap); k++) count(k);
  return caps >= 2;
};

/**
 * "Hartley, Quinn and Osei", "Smith & Jones": two or three single capitalised words joined by a comma and
 * "and" / "&", mostly not given names, are a firm's name.
 */
const firmList = (ws: Word[], from: number, to: number): boolean => {
  if (from !== to) return false;
  // find the start of the list: walk left over "X, " pairs
  let s = from;
  if (s >= 2 && ws[s]!.gap === ' ' && /^and$/i.test(ws[s - 1]!.text) && nameLike(ws[s - 2] as Word)) s -= 2;
  else if (s >= 1 && /^ & $/.test(ws[s]!.gap) && nameLike(ws[s - 1] as Word)) s -= 1;
  while (s >= 1 && /^, $/.test((ws[s] as Word).gap) && nameLike(ws[s - 1] as Word)) s--;
  const items: Word[] = [ws[s] as Word];
  let k = s;
  let joined = false;
  while (k + 1 < ws.length) {
    const n = ws[k + 1] as Word;
    if (/^, $/.test(n.gap) && nameLike(n)) {
      items.push(n);
      k++;
    } else if (n.gap === ' ' && /^and$/i.test(n.text) && ws[k + 2] !== undefined && nameLike(ws[k + 2] as Word)) {
      items.push(ws[k + 2] as Word);
      joined = true;
      k += 2;
      break;
    } else if (/^ & $/.test((ws[k + 1] as Word).gap) && nameLike(n)) {
      items.push(n);
      joined = true;
      k++;
      break;
    } else break;
  }
  if (!joined || items.length < 2 || items.length > 3) return false;
  // each item stands alone (no first name + surname pairs) and none is a given name
  const after = ws[k + 1];
  if (after !== undefined && after.gap === ' ' && nameLike(after)) return false;
  // people listed by first name are given names; a firm's are surnames (some of which are given names too)
  return items.filter((w) => isGiven(bare(w.text))).length <= (items.length - 1) / 2;
};

export const detectPersons = (text: string, tokens?: Word[]): PiiSpan[] => {
  // text written all in capitals carries no capitalisation evidence: read it as lower case, keep the original
  if (!/\p{Ll}/u.test(text) && /\p{Lu}/u.test(text)) {
    const lower = text.toLowerCase();
    if (lower.length === text.length)
      return detectPersons(lower).map((sp) => ({ ...sp, value: text.slice(sp.start, sp.end) }));
  }
  const ws = tokens ?? words(text);
  const lowerCase = !/\p{Lu}/u.test(text);
  const out: PiiSpan[] = [];
  const cueEnds = new Set<number>();
  for (const m of text.matchAll(STRONG_CUE_ALL)) cueEnds.add(m.index + m[0].length);
  const mailParts = text.includes('@') ? emailNameParts(text) : new Set<string>();
  for (const run of runs(ws, lowerCase)) {
    let from = run.from;
    let to = run.to;
    // drop trailing initials without a following name ("... Holinka and starring K")
    while (to > from && isInitial(ws[to] as Word)) to--;
    const first = ws[from] as Word;
    const prev = ws[from - 1];
    const next = ws[to + 1];
    const prevBare = prev === undefined ? '' : bare(prev.text);
    const textBefore = text.slice(Math.max(0, first.start - 24), first.start);
    const titled = TITLES.has(prevBare) && prev?.gap !== undefined && /^\s?$/.test(first.gap.replace(/^\./, ''));
    // verbs such as "tell" are cues only in lower-case text (see VERB_CUE_END)
    const cue = cueEnds.has(first.start) && (lowerCase || !VERB_CUE_END.test(textBefore));
    const tokens = ws.slice(from, to + 1).map((w) => bare(w.text));
    const nameTokens = tokens.filter((t) => !PARTICLES.has(t) && t.replace(/\.$/, '').length > 1);
    if (nameTokens.length === 0) continue;
    const nextBare = next === undefined ? '' : bare(next.text);
    if (
      next !== undefined &&
      next.gap === ' ' &&
      (ORG_WORDS.has(nextBare) || (STREET_WORDS.has(nextBare) && isCapitalised(next.text) && !nameLike(next)))
    )
      continue;
    if (prev !== undefined && /^\d/.test(prev.text) && /^\s+$/.test(first.gap)) continue; // "12 Baker ..." is an address
    // "Jan 3rd", "the 16th of Apr": a lone month abbreviation beside a day is a date
    if (
      !titled &&
      !cue &&
      nameTokens.length === 1 &&
      MONTH_ABBREVIATIONS.has(nameTokens[0] as string) &&
      ((next !== undefined && DATE_NEIGHBOURS.test(bare(next.text))) || DATE_NEIGHBOURS.test(prevBare))
    )
      continue;
    const lexMax = Math.max(...nameTokens.map((t) => (lowerCase && AMBIGUOUS.has(t) ? 0 : lexScore(t))));
    const lex = lexMax < 0.5 ? 0 : lexMax;
    // "k.szymanska@..." next to "Katarzyna Szymanska": a word of the run repeats a part of an e-mail's local part
    const mailed = mailParts.size > 0 && nameTokens.some((t) => t.length >= 3 && mailParts.has(fold(t)));
    // "Perfect, thanks", "Honestly, ...", "Withdrawal Fee": everyday words with no other evidence
    const plain =
      !mailed &&
      lex === 0 &&
      nameTokens.every((t) => familiarWord(t) || wordShaped(t) || commonWord(t) || MONTH_ABBREVIATIONS.has(t));
    // "Ana's phone number", "kofi's wife": a possessive before a personal noun
    const last = ws[to] as Word;
    const owner =
      /['’]s$/u.test(last.text) && next !== undefined && next.gap === ' ' && PERSONAL_NOUNS.has(bare(next.text));
    let score: number;
    if (lowerCase) {
      const given = nameTokens.some((t) => !AMBIGUOUS.has(t) && !COMMON_WORDS.has(t) && isGiven(t));
      // a Census given name alone is weaker: the list is long, so it must not read as an everyday word
      const censusGiven = nameTokens.some(
        (t) => t.length >= 4 && !AMBIGUOUS.has(t) && inCensus(t) === 2 && !everyday(t) && !familiarWord(t),
      );
      const firstGiven = !AMBIGUOUS.has(nameTokens[0] as string) && anyGiven(nameTokens[0] as string);
      if (mailed) score = 0.8;
      else if (cue && !WEAK_CUE_END.test(textBefore) && nameTokens.length <= 3) score = 0.8;
      // after "i'm", "hi", "under": one or two words that do not read as an adjective, verb or everyday noun
      else if (cue && nameTokens.length <= 2 && nameTokens.every((t) => !everyday(t))) score = 0.6;
      else if (lex >= 1 && nameTokens.length >= 2 && nameTokens.length <= 3) score = 0.7;
      // "dariusz kowalczyk": a given name followed by a known surname
      else if (
        firstGiven &&
        nameTokens.length >= 2 &&
        nameTokens.length <= 3 &&
        nameTokens.slice(1).some((t) => lexScore(t) > 0 && !everyday(t))
      )
        score = 0.65;
      else if (lex > 0 && cue) score = 0.7;
      // a lone given name ("they had two: adam and caleb")
      else if ((given || censusGiven) && nameTokens.length === 1) score = 0.6;
      else if (titled && nameTokens.length <= 2) score = 0.8;
      // a line of its own with two or three unknown words, in a text of several lines: a signature or a label
      else if (
        nameTokens.length >= 2 &&
        (first.gap === '' || /\n[^\S\n]*$/.test(first.gap)) &&
        (next === undefined || /^[^\S\n]*\n/.test(next.gap)) &&
        text.includes('\n') &&
        nameTokens.every((t) => lexScore(t) >= 0.8 || (!everyday(t) && !/(?:er|or|ist|ant|ent)$/.test(t)))
      )
        score = 0.6;
      // "kowalska said ...": a known name or surname shape as the subject of a person's verb
      else if (
        lex > 0 &&
        nameTokens.length === 1 &&
        next !== undefined &&
        next.gap === ' ' &&
        PERSON_VERBS.has(next.text)
      )
        score = 0.6;
      else continue;
      // "landlord dariusz kowalczyk": everyday words before a given name are not part of the name
      while (
        from < to &&
        lexScore(bare((ws[from] as Word).text)) === 0 &&
        anyGiven(bare((ws[from + 1] as Word).text)) &&
        !mailed
      )
        from++;
      // in lower case, a run is at most a given name and a surname or two
      to = Math.min(to, from + 2);
      // "oduya flew": a verb after the name is not part of it
      while (to > from && PERSON_VERBS.has(bare((ws[to] as Word).text))) to--;
    } else {
      const atStart = sentenceBreak(prev, first) || /^\s*[>"'(]/.test(first.gap);
      const multi = nameTokens.length >= 2;
      if (titled) score = 0.95;
      else if (cue) score = 0.9;
      else if (mailed) score = 0.85;
      else if (plain && !owner) continue;
      else if (lex > 0) score = multi ? 0.9 : 0.75;
      else if (atStart)
        score = multi
          ? 0.65
          : (next !== undefined && next.gap.startsWith(',') && next.gap.length <= 2) ||
              // "Oduya's order": a possessive before a lower-case word
              (/['’]s$/u.test(last.text) && next !== undefined && next.gap === ' ' && /^\p{Ll}/u.test(next.text))
            ? 0.55
            : 0.3;
      else if (PLACE_PREPOSITIONS.has(prevBare)) score = multi ? 0.55 : 0.45;
      else score = multi ? 0.75 : 0.6;
      if (!titled && !cue && lex === 0 && titleCaseAround(ws, from, to)) score = Math.min(score, 0.35);
      if (owner) score = Math.max(score, 0.8);
      // "San Teodoro", "Port Elrin": place names
      if (!titled && !cue && PLACE_START.has(tokens[0] as string) && multi && !isGiven(tokens[0] as string))
        score = Math.min(score, 0.35);
      // a lone unknown word that starts a sentence is a name when a person's verb or a speaker colon follows
      if (
        atStart &&
        !multi &&
        score < 0.5 &&
        next !== undefined &&
        ((next.gap === ' ' && PERSON_VERBS.has(next.text)) || /^:\s*["“]$/.test(next.gap))
      )
        score = 0.6;
      if (!titled && !cue) {
        const given = nameTokens.some((t) => isGiven(t));
        const known = lex > 0;
        const sameLine = (w: Word | undefined): boolean => w !== undefined && w.gap === ' ';
        // "the Acme office", "according to the Lumora website": organisations and products
        if (!known && sameLine(next) && ORG_NEXT.has(bare((next as Word).text))) score = Math.min(score, 0.35);
        // "Music", "Bright Energy Finance", "Silent Tales": everyday words, with no given name among them
        if (!given && nameTokens.some((t) => commonWord(t))) score = Math.min(score, 0.35);
        // "work for Acme", "based in Tarvik", "the University of Tarvik", "Jane Roe of Acme"
        // "Acme is a logistics company", "Acme was a start-up"
        if (
          !given &&
          next !== undefined &&
          /^(?:is|was|has)$/.test(next.text) &&
          ORG_AFTER.test(text.slice(last.end, last.end + 48))
        )
          score = Math.min(score, 0.35);
        const listed = given || nameTokens.some((t) => isSurname(t));
        if (
          (!listed && ORG_BEFORE_LAST.has(prevBare) && ORG_BEFORE.test(textBefore)) ||
          (!known && prevBare === 'of' && OF_AFTER_CAPITAL.test(textBefore))
        )
          score = Math.min(score, 0.4);
        // "Hartley, Quinn and Osei": firm names made of surnames
        if (firmList(ws, from, to)) score = Math.min(score, 0.35);
        // "Acme's Jane Roe": a possessive right before another capitalised run is the organisation
        if (!given && /['’]s$/u.test(last.text) && sameLine(next) && isGiven(bare((next as Word).text)))
          score = Math.min(score, 0.4);
      }
    }
    const end = (ws[to] as Word).end;
    const start = (ws[from] as Word).start;
    let value = text.slice(start, end);
    // possessive and a sentence-final dot are not part of the name (but an initial's dot is)
    const trimmed = value.replace(/['’]s$/u, '').replace(/(\p{L}{2,})\.$/u, '$1');
    value = trimmed;
    out.push({ type: 'PERSON', start, end: start + value.length, value, score });
  }
  return out;
};
