import type { TextAnalysis } from './analyze.ts';
import { FuzzyVocabulary } from './fuzzy.ts';
import { PhraseSet } from './phrase-set.ts';

/** Profanity, including the usual softened spellings; matched as whole tokens or token prefixes. */
const PROFANITY = new Set([
  'fuck',
  'fucking',
  'fucked',
  'fuckin',
  'fck',
  'fk',
  'fcking',
  'fuk',
  'fuking',
  'fukin',
  'shit',
  'shitty',
  'bullshit',
  'crap',
  'crappy',
  'damn',
  'dammit',
  'goddamn',
  'wtf',
  'ffs',
  'bloody',
  'bastard',
  'bastards',
  'asshole',
  'arse',
  'piss',
  'pissed',
  'bitch',
  'sucks',
  'screw',
]);

/** Softened spellings in the raw text ("f***", "sh!t", "$hit"), which tokenisation would split apart. */
const MASKED_PROFANITY = /\b(f[*#@$%!]{2,}k?|f[u*]c?k[*#@]*|sh[*!1]t|\$h[i1]t|a[*$]{2}hole|b[*]{3,}h)(?![\p{L}])/iu;

const MASK_CHARS = /[*#@$%!1]/;

/** Explicit frustration: the customer says how they feel or what they think of the conversation. */
const EXPLICIT = new PhraseSet<'explicit'>(
  [
    'frustrated',
    'frustrating',
    'frustration',
    'annoyed',
    'annoying',
    'irritated',
    'infuriating',
    'exasperated',
    'angry',
    'furious',
    'fed up',
    'sick of',
    'tired of',
    "doesn't make sense",
    "doesn't make any sense",
    'makes no sense',
    'make no sense',
    'not making sense',
    'this is useless',
    "you're useless",
    'you are useless',
    'so useless',
    'useless bot',
    'stupid bot',
    'not helpful',
    'not helping',
    "isn't helping",
    "you're not listening",
    "you don't understand",
    "you're not understanding",
    'not what i asked',
    'waste of time',
    'wasting my time',
    'ridiculous',
    'unacceptable',
    'i give up',
    'are you kidding',
    'are you serious',
    'what the hell',
    'going in circles',
    'round in circles',
    'already told you',
    'already said',
    'for the last time',
    'how many times',
    'again and again',
    'pointless',
    'hopeless',
  ].map((p) => ['explicit', p] as const),
);

/** Typo tolerance for the single feeling words ("frustated", "anoyed", "ridiculus"). */
const FEELINGS = new FuzzyVocabulary([
  'frustrated',
  'frustrating',
  'annoyed',
  'ridiculous',
  'unacceptable',
  'useless',
  'pointless',
  'irritated',
  'furious',
]);

/** Frustration markers in one message. Scores are 0..1 so the policy can threshold them. */
export interface FrustrationMarkers {
  /** 1 when a profane word appears (not inside a negation). */
  profanity: number;
  /** Shouting: share of words in capitals, only counted with at least three capitalised words. */
  shouting: number;
  /** Emphatic punctuation: "!!!" or "?!?!" runs, 0..1. */
  exclamation: number;
  /** 1 for an explicit, non-negated statement of frustration. */
  explicit: number;
  /** What matched, for the decision's evidence. */
  evidence: string[];
}

/** Finds frustration markers; "I'm not frustrated" and "no worries, not annoyed" do not count. */
export const detectFrustrationMarkers = (a: TextAnalysis): FrustrationMarkers => {
  const evidence: string[] = [];
  let profanity = 0;
  for (let i = 0; i < a.tokens.length; i++) {
    const t = a.tokens[i] ?? '';
    if (PROFANITY.has(t) || (t.length > 4 && t.startsWith('fuck'))) {
      profanity = 1;
      evidence.push(`profanity '${t}'`);
      break;
    }
  }
  // The masked spellings all contain one of these characters; the cheap scan spares most texts the regex.
  if (profanity === 0 && MASK_CHARS.test(a.raw) && MASKED_PROFANITY.test(a.raw)) {
    profanity = 1;
    evidence.push('masked profanity');
  }
  const shouting = a.capsWords >= 3 ? Math.min(1, a.capsRatio / 0.7) : 0;
  if (shouting >= 1) evidence.push(`${a.capsWords} words in capitals`);
  const exclamation = a.punctuationRun >= 3 ? 1 : a.exclamations >= 3 ? 0.8 : a.punctuationRun === 2 ? 0.5 : 0;
  if (exclamation >= 0.8) evidence.push('emphatic punctuation');
  let explicit = 0;
  for (const hit of EXPLICIT.find(a)) {
    if (hit.negated) continue;
    explicit = 1;
    evidence.push(`said '${hit.phrase}'`);
    break;
  }
  if (explicit === 0) {
    for (let i = 0; i < a.tokens.length; i++) {
      const t = a.tokens[i] ?? '';
      if (t.length < 6 || a.negated[i] === 1 || FEELINGS.has(t)) continue;
      const m = FEELINGS.match(t);
      if (m !== undefined) {
        explicit = 1;
        evidence.push(`said '${t}' (${m})`);
        break;
      }
    }
  }
  return { profanity, shouting, exclamation, explicit, evidence };
};
