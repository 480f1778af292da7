/**
 * Normalises customer text for the detectors: lower case, curly quotes straightened, elongations
 * squeezed ("pleeeease" → "pleease"), everything but letters, digits, apostrophes and spaces turned to spaces.
 */
export const normalize = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/(\p{L})\1{2,}/gu, '$1$1')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Splits normalised text into word tokens. */
export const tokenize = (normalized: string): string[] => (normalized === '' ? [] : normalized.split(' '));

/**
 * Contractions written without the apostrophe or with a typo, mapped to their usual form, so the negation
 * and request detectors see one spelling. Only unambiguous forms: "cant" yes, "wont" yes, "its" no.
 */
const CONTRACTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    dont: "don't",
    doesnt: "doesn't",
    didnt: "didn't",
    cant: "can't",
    wont: "won't",
    isnt: "isn't",
    arent: "aren't",
    wasnt: "wasn't",
    wouldnt: "wouldn't",
    shouldnt: "shouldn't",
    couldnt: "couldn't",
    havent: "haven't",
    hasnt: "hasn't",
    im: "i'm",
    ive: "i've",
    id: "i'd",
    youre: "you're",
    u: 'you',
    ur: 'your',
    pls: 'please',
    plz: 'please',
    plzz: 'please',
    wanna: 'want',
    gimme: 'give',
    thx: 'thanks',
    ppl: 'people',
  }),
);

/** Maps a normalised token to its canonical spelling (contractions and chat shorthand); a Map, so "constructor" stays itself. */
export const canonicalToken = (token: string): string => CONTRACTIONS.get(token) ?? token;
