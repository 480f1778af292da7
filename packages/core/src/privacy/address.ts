import { NOT_NAMES, PLACES, REGION_CODES, STREET_SUFFIXES, STREET_WORDS, UNIT_WORDS } from './lexicon.ts';
import { isGivenNameWord, isSurnameWord } from './person.ts';
import type { PiiSpan } from './types.ts';
import { bare, isCapitalised, isNumber, memoWord, words, type Word } from './words.ts';

/**
 * Postal addresses without a model. An anchor is found first (a house number next to a street word or a
 * one-word street name such as "Koskikatu", a unit such as "Apt. 864" / "PO Box 12" / "PSC 3294", or a cue
 * such as "I live at" / "address:"), then the span grows over the words an address is made of (numbers,
 * capitalised words, street and unit words, state codes, countries) across line breaks while the next line
 * still looks like part of an address. It stops at a sentence end, at ordinary lower-case words, at labels
 * ("Phone:") and at characters other detectors already claimed (`taken`).
 */

const CUE_SOURCE = String.raw`(?:lives? at|living at|lived in|live in|lives? on|living on|located on|stay(?:ing)? at|pick (?:me |it )?up (?:at|from)|drop (?:me |it )?off at|mail (?:it )?to|post (?:it )?to|(?:home|billing|shipping|delivery|postal|mailing|street|new) address(?: is)?:?|address is|address:|addresses? to(?: the same)?:?|address with|located at|is at|meet me at|off at|sent to|send it to|ship(?:ped)? to|deliver(?:ed)? to|taxi to|moved to|move to|it's in|is on|corner of|side of|arrived at|office is at|(?:zip|zip code|postal code|post ?code) is:?|zip:|zip code:?|postal code:?|post ?code:?)\s*`;
/** Every cue in the text at once (testing each word's left context separately was the detector's hot spot). */
const CUE_ALL = new RegExp(CUE_SOURCE, 'gi');
const ZIP_CUE = /(?:zip|zip code|postal code|post ?code|postcode)\s*(?:is)?:?\s*$/i;
const CONNECTORS = new Set([
  'do',
  'da',
  'de',
  'del',
  'della',
  'di',
  'dos',
  'das',
  'du',
  'des',
  'la',
  'le',
  'van',
  'von',
  'der',
  'den',
  'of',
  'and',
  'y',
  'e',
  'i',
  'am',
  'an',
  'im',
  'auf',
  'sur',
  'sul',
  'na',
  'no',
  'nad',
  'pod',
  'u',
  'am',
  'bei',
  'les',
  'lès',
  'sous',
  'upon',
  'on',
  'v',
  'k',
  'z',
]);
/** Everyday words that start place names ("New Zealand", "Port Whangarei", "South Africa"). */
const PLACE_WORDS = new Set([
  'new',
  'north',
  'south',
  'east',
  'west',
  'port',
  'saint',
  'san',
  'santa',
  'st',
  'united',
  'republic',
  'kingdom',
  'states',
  'central',
  'upper',
  'lower',
  'great',
  'little',
  'old',
  'fort',
  'mount',
  'lake',
  'city',
]);

const streetWord = memoWord((text: string): boolean => {
  const b = bare(text);
  if (STREET_WORDS.has(b) || STREET_WORDS.has(text.toLowerCase())) return true;
  return b.length > 5 && STREET_SUFFIXES.some((s) => b.endsWith(s));
});
const isStreet = (w: Word): boolean => streetWord(w.text);
const isUnit = (w: Word): boolean => UNIT_WORDS.has(w.text.toLowerCase()) || UNIT_WORDS.has(bare(w.text));
const isCode = (w: Word): boolean => /^\p{Lu}{2,3}$/u.test(w.text);
/** Words that may continue an address once it started. */
const addressy = (w: Word, lowerCase: boolean): boolean => {
  const b = bare(w.text);
  if (isNumber(w.text) || isStreet(w) || isUnit(w) || isCode(w) || PLACES.has(b)) return true;
  // postcode pieces mixing capitals and digits: "1AA", "0B1", "SW1A"
  if (w.text.length <= 9 && /^(?=\p{Lu}*\d)(?=\d*\p{Lu})[\p{Lu}\d]{2,8}\.?$/u.test(w.text)) return true;
  if (CONNECTORS.has(b) || PLACE_WORDS.has(b)) return true;
  if (lowerCase) return !NOT_NAMES.has(b) && /^\p{L}/u.test(w.text);
  return isCapitalised(w.text) && !NOT_NAMES.has(b);
};
const US_ZIP = /^\d{5}(?:-\d{4})?$/;
/** Whether two words are a postal code: US state + ZIP, Canadian "K1A 0B1", UK "SW1A 1AA". */
const postalPair = (a: string, b: string): boolean =>
  (/^\p{Lu}{2}$/u.test(a) && REGION_CODES.has(a.toLowerCase()) && US_ZIP.test(b)) ||
  (/^[A-Z]\d[A-Z]$/.test(a) && /^\d[A-Z]\d$/.test(b)) ||
  (/^[A-Z]{1,2}\d[A-Z\d]?$/.test(a) && /^\d[A-Z]{2}$/.test(b));

/**
 * A line that names a person rather than continuing the address: two to four capitalised words, the first a
 * given name and the last a surname, no digits and no street or unit word ("12 Moss Lane\nJane Doe"). Towns
 * named like people ("María Albina") have no surname at the end.
 */
const personLine = (line: string, first: Word): boolean => {
  if (/\d/.test(line) || !isGivenNameWord(first.text)) return false;
  const ws = words(line);
  return (
    ws.length >= 2 &&
    ws.length <= 4 &&
    isSurnameWord((ws[ws.length - 1] as Word).text) &&
    ws.every(
      (w) => isCapitalised(w.text) && !streetWord(w.text) && !UNIT_WORDS.has(bare(w.text)) && !PLACES.has(bare(w.text)),
    )
  );
};

/** A line that is something else: a phone or fax number, an e-mail, a URL, a "Label:" line. */
const foreignLine = (line: string): boolean =>
  /@|https?:|www\./i.test(line) ||
  /^\s*[>]*\s*[\p{L} -]{2,20}:/u.test(line) ||
  (line.replace(/\D/g, '').length >= 7 &&
    /\d[\s().-]+\d/.test(line) &&
    !/\p{L}{4,}/u.test(line.replace(/office|fax|mobile|home|work/gi, '')));

export const detectAddresses = (
  text: string,
  taken: (i: number) => boolean = () => false,
  tokens?: Word[],
): PiiSpan[] => {
  // every anchor but a cue needs a digit: most chat messages leave here
  const cueEnds = new Set<number>();
  for (const m of text.matchAll(CUE_ALL)) cueEnds.add(m.index + m[0].length);
  if (cueEnds.size === 0 && !/\d/.test(text)) return [];
  const ws = tokens ?? words(text);
  const lowerCase = !/\p{Lu}/u.test(text);
  const out: PiiSpan[] = [];
  const cuedAt = (w: Word): boolean => cueEnds.has(w.start);
  const lineOf = (i: number): string => {
    const s = text.lastIndexOf('\n', i) + 1;
    const e = text.indexOf('\n', i);
    return text.slice(s, e < 0 ? text.length : e);
  };
  let i = 0;
  while (i < ws.length) {
    const w = ws[i] as Word;
    if (taken(w.start)) {
      i++;
      continue;
    }
    const next = ws[i + 1];
    const before = cuedAt(w) ? text.slice(Math.max(0, w.start - 32), w.start) : '';
    let score = 0;
    // number + up to four words + street word ("6750 Koskikatu", "420 Gairbekov Rapids", "12 rue de la Paix")
    if (isNumber(w.text)) {
      for (let k = i + 1; k <= Math.min(i + 4, ws.length - 1); k++) {
        const x = ws[k] as Word;
        if (/\n/.test(x.gap) || !addressy(x, lowerCase)) break;
        if (isStreet(x)) {
          score = 0.85;
          break;
        }
      }
    }
    // street word + up to four words + number ("Rua do Arenque 1634", "Brixtonlaan 380", "ul. Cicha 86")
    if (score === 0 && (isStreet(w) || (isCapitalised(w.text) && !NOT_NAMES.has(bare(w.text))))) {
      for (let k = i; k <= Math.min(i + 4, ws.length - 1); k++) {
        const x = ws[k] as Word;
        if (k > i && (/\n/.test(x.gap) || !addressy(x, lowerCase))) break;
        if (
          isStreet(x) &&
          ws[k + 1] !== undefined &&
          isNumber((ws[k + 1] as Word).text) &&
          !/\n/.test((ws[k + 1] as Word).gap)
        ) {
          score = 0.85;
          break;
        }
      }
    }
    // units: "Apt. 864", "Suite 632", "Unit 0822 Box 8858", "PSC 3294", "APO AA 61487", "P.O. Box 287"
    if (score === 0 && isUnit(w) && next !== undefined && (isNumber(next.text) || isUnit(next) || isCode(next)))
      score = 0.8;
    // a cue right before: "I live at ...", "ZIP: 4943"
    const cued = cuedAt(w);
    let cueOnly = false;
    if (score === 0 && cued && (isNumber(w.text) || (addressy(w, lowerCase) && !isCode(w)))) {
      score = ZIP_CUE.test(before) ? 0.85 : 0.7;
      cueOnly = true;
    }
    // house number, capitalised words, house number on one line: "353 Buerlia 227"
    if (
      score === 0 &&
      isNumber(w.text) &&
      next !== undefined &&
      isCapitalised(next.text) &&
      !NOT_NAMES.has(bare(next.text))
    ) {
      const third = ws[i + 2];
      if (third !== undefined && isNumber(third.text) && !/\n/.test(next.gap + third.gap)) score = 0.6;
    }
    // postal codes with a shape of their own: "IL 62704" (US state + ZIP), "K1A 0B1" (Canada), "SW1A 1AA" (UK)
    let postal = false;
    if (score === 0 && next !== undefined && next.gap === ' ' && postalPair(w.text, next.text.replace(/\.$/, ''))) {
      score = 0.8;
      postal = true;
    }
    if (score === 0) {
      i++;
      continue;
    }
    if (cued) score = Math.max(score, 0.8);
    // grow left over numbers and capitalised words on the same line ("Serenade Opus 420 Gairbekov Rapids")
    let from = i;
    while (from > 0 && !cued) {
      const cur = ws[from] as Word;
      const p = ws[from - 1] as Word;
      if (
        !(postal ? /^,? $/ : /^ $/).test(cur.gap) ||
        taken(p.start) ||
        !addressy(p, lowerCase) ||
        (!isNumber(p.text) && !isCapitalised(p.text))
      )
        break;
      if (from - 1 < i - 3) break;
      from--;
      if (cuedAt(ws[from] as Word)) break;
    }
    // "Jane Doe 12 Main Street": capitalised words grown over that start with a given name are the addressee
    if (
      from < i &&
      isNumber((ws[i] as Word).text) &&
      isGivenNameWord((ws[from] as Word).text) &&
      ws.slice(from, i).every((x) => !isNumber(x.text) && !isStreet(x) && !isUnit(x))
    )
      from = i;
    // grow right
    let to = i;
    while (to + 1 < ws.length) {
      const x = ws[to + 1] as Word;
      const cur = ws[to] as Word;
      if (taken(x.start)) break;
      if (/\n\s*\n/.test(x.gap)) break;
      if (/\n/.test(x.gap) && personLine(lineOf(x.start), x)) break;
      if (/\n/.test(x.gap) && foreignLine(lineOf(x.start))) break;
      // a bullet or quote mark that starts the next line ("\n??? Suite 12", "\n> Apt. 4") is not punctuation
      const gap = x.gap.replace(/\n[^\S\n]*[>?*•·-]+/g, '\n');
      if (/[;!?:]/.test(gap) || /["()]/.test(gap)) break;
      // a sentence ends: "... 87967. It serves"
      if (
        cur.text.endsWith('.') &&
        !isUnit(cur) &&
        !isStreet(cur) &&
        !/^\d+\.$/.test(cur.text) &&
        !isNumber(x.text) &&
        !/^\p{Lu}/u.test(x.text)
      )
        break;
      if (cur.text.endsWith('.') && NOT_NAMES.has(bare(x.text))) break;
      if (!addressy(x, lowerCase)) break;
      // "and" / "of" continue only into more address
      if (CONNECTORS.has(bare(x.text))) {
        // "de la Paix": up to three connectors, then a real address word
        let k = to + 2;
        while (k < ws.length && k <= to + 4 && CONNECTORS.has(bare((ws[k] as Word).text))) k++;
        const y = ws[k];
        if (y === undefined || k > to + 4 || !addressy(y, lowerCase)) break;
      }
      to++;
    }
    while (to > from && CONNECTORS.has(bare((ws[to] as Word).text))) to--;
    // "Jane Doe, 12 Main Street": a name and a comma before the house number is the addressee. Without the
    // comma it is a street named after someone ("Joaquin Suarez 2906").
    let firstNumber = from;
    while (firstNumber < to && firstNumber - from <= 4 && !isNumber((ws[firstNumber] as Word).text)) firstNumber++;
    if (
      firstNumber > from &&
      isNumber((ws[firstNumber] as Word).text) &&
      (ws[firstNumber] as Word).gap.includes(',') &&
      firstNumber < to &&
      isGivenNameWord((ws[from] as Word).text) &&
      ws.slice(from, firstNumber).every((x) => isCapitalised(x.text) && !isStreet(x) && !isUnit(x)) &&
      !/\n/.test(text.slice((ws[from] as Word).start, (ws[firstNumber] as Word).start))
    )
      from = firstNumber;
    const start = (ws[from] as Word).start;
    let end = (ws[to] as Word).end;
    const last = ws[to] as Word;
    if (last.text.endsWith('.') && !isUnit(last) && !isStreet(last) && !/^\d+\.$/.test(last.text)) end--;
    // "I live in United Kingdom", "arrived at Tarvik": a cue and a place name with no number, street or unit
    // word is a town or a country, not an address
    if (cueOnly && !ws.slice(from, to + 1).some((x) => /\d/.test(x.text) || isStreet(x) || isUnit(x))) {
      i = to + 1;
      continue;
    }
    // a lone number is only an address when a ZIP cue says so ("is at 12:30" is a time)
    if (from === to && isNumber(last.text) && !(cued && ZIP_CUE.test(before))) {
      i = to + 1;
      continue;
    }
    out.push({ type: 'ADDRESS', start, end, value: text.slice(start, end), score });
    i = to + 1;
  }
  return out;
};
