import { analyze, type TextAnalysis } from './analyze.ts';
import { FuzzyVocabulary } from './fuzzy.ts';
import { PhraseSet } from './phrase-set.ts';

/** Words that name a human on the business's side; typos of the longer ones are accepted. */
const HUMAN = new FuzzyVocabulary([
  'agent',
  'agents',
  'human',
  'humans',
  'person',
  'people',
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'representative',
  'rep',
  'operator',
  'manager',
  'supervisor',
  'staff',
  'advisor',
  'adviser',
  'employee',
  'associate',
  'executive',
  'consultant',
  'specialist',
  'receptionist',
  'reception',
  'colleague',
  'team',
  'department',
  'desk',
]);
/** Real words one typo away from a human noun, which must not be read as it ("associated", "managed"). */
const NOT_HUMAN = new Set(['associated', 'managed', 'manages', 'humane', 'agented']);

/** Number words: "5 people", "one person", "two little humans" count guests, they do not ask for staff. */
const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'couple']);
const isCount = (t: string | undefined): boolean =>
  t !== undefined && (NUMBER_WORDS.has(t) || (t.length > 0 && t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57));

/** Nouns that need a request verb to count: "someone" alone is not a request, "agent" alone is. */
const WEAK_HUMAN = new Set([
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'people',
  'team',
  'department',
  'desk',
  'staff',
  'reception',
]);

const REQUEST = new FuzzyVocabulary([
  'talk',
  'speak',
  'chat',
  'connect',
  'transfer',
  'forward',
  'redirect',
  'get',
  'want',
  'need',
  'give',
  'put',
  'reach',
  'contact',
  'call',
  'ring',
  'see',
  'escalate',
  'prefer',
  'rather',
  'request',
  'like',
  'ask',
  'through',
  'pass',
]);

/** Phrases that are a request on their own; scores reflect how often they mean it. */
const PHRASES = new PhraseSet<'strong' | 'contact'>([
  ['strong', 'real person'],
  ['strong', 'actual person'],
  ['strong', 'live person'],
  ['strong', 'real human'],
  ['strong', 'actual human'],
  ['strong', 'human being'],
  ['strong', 'live agent'],
  ['strong', 'live chat'],
  ['strong', 'human agent'],
  ['strong', 'real agent'],
  ['strong', 'transfer me'],
  ['strong', 'connect me'],
  ['strong', 'put me through'],
  ['strong', 'speak to the *'],
  ['strong', 'speak with the *'],
  ['strong', 'not a bot'],
  ['strong', 'not a robot'],
  ['strong', "don't want to talk to you"],
  ['strong', "don't want to speak to you"],
  ['strong', "don't want to chat with you"],
  ['strong', 'call me back'],
  ['strong', 'call me'],
  ['strong', 'callback'],
  ['contact', 'customer care'],
  ['contact', 'customer service'],
  ['contact', 'customer support'],
  ['contact', 'support team'],
  ['contact', 'call center'],
  ['contact', 'call centre'],
  ['contact', 'contact number'],
  ['contact', 'contact no'],
  ['contact', 'phone number'],
  ['contact', 'mobile number'],
  ['contact', 'helpline'],
  ['contact', 'toll free'],
  ['contact', 'talk to you'],
  ['contact', 'call you'],
]);
/** Words that turn a contact phrase into a request ("what is your customer care number"). */
const ASKING = new Set([
  'what',
  "what's",
  'whats',
  'give',
  'share',
  'send',
  'need',
  'want',
  'how',
  'where',
  'can',
  'number',
  'please',
  'provide',
  'tell',
]);

/** Result of the explicit-request detector (T1). */
export interface ExplicitRequestResult {
  /** 0..1; the default policy counts a request at 0.8. */
  score: number;
  evidence?: string;
}

const better = (a: ExplicitRequestResult, b: ExplicitRequestResult): ExplicitRequestResult =>
  b.score > a.score ? b : a;

/** Detects a request for a person in already analysed text. */
export const detectExplicitRequestIn = (a: TextAnalysis): ExplicitRequestResult => {
  const { tokens, negated, clause } = a;
  let best: ExplicitRequestResult = { score: 0 };
  // End of the last strong phrase: a phrase inside it ("talk to you" in "don't want to talk to you") is
  // part of that request, not a negated one.
  let strongEnd = -1;
  for (const hit of PHRASES.find(a)) {
    if (hit.start < strongEnd) continue;
    if (hit.negated) return { score: 0, evidence: `negated '${hit.phrase}'` };
    if (hit.label === 'strong') strongEnd = hit.end;
    if (hit.label === 'strong') best = better(best, { score: 0.9, evidence: `said '${hit.phrase}'` });
    else {
      const asks = tokens.some((t, i) => ASKING.has(t) && clause[i] === clause[hit.start]);
      best = better(best, { score: asks ? 0.85 : 0.6, evidence: `asked for '${hit.phrase}'` });
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const human = NOT_HUMAN.has(t) ? undefined : HUMAN.match(t);
    if (human === undefined || isCount(tokens[i - 1]) || isCount(tokens[i - 2])) continue;
    // "I don't need an agent": the noun sits in a negation scope.
    if (negated[i] === 1) return { score: 0, evidence: `negated '${t}'` };
    let verb: string | undefined;
    let verbNegated = false;
    for (let j = Math.max(0, i - 6); j < i; j++) {
      if (clause[j] !== clause[i]) continue;
      const v = REQUEST.match(tokens[j] ?? '');
      if (v === undefined) continue;
      verb = v;
      verbNegated = negated[j] === 1;
    }
    // "I don't want to talk to a person": the verb, not the noun, is in the negation scope.
    if (verbNegated) return { score: 0, evidence: `negated request for '${t}'` };
    const typo = human === t ? '' : ` (${human})`;
    if (verb !== undefined)
      best = better(best, { score: WEAK_HUMAN.has(human) ? 0.85 : 0.95, evidence: `request for '${t}'${typo}` });
    else if (!WEAK_HUMAN.has(human) && tokens.length <= 4)
      best = better(best, { score: 0.85, evidence: `bare '${t}'${typo}` });
    else if (!WEAK_HUMAN.has(human)) best = better(best, { score: 0.5, evidence: `mentions '${t}'${typo}` });
  }
  return best;
};

/**
 * T1: an explicit request for a person ("agent", "real person", "let me talk to someone", "get me your
 * manager"), tolerant of one-letter typos ("agnet", "pesron") and of negation ("I don't need an agent" → 0).
 */
export const detectExplicitRequest = (text: string): ExplicitRequestResult => detectExplicitRequestIn(analyze(text));
