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

/**
 * Request verbs that are about talking to someone: with these, "someone" is a person to talk to. The other
 * request verbs ("need", "want", "put") also take people to do a task ("I need someone to clean my room",
 * "put more people on the booking"), so with them a weak noun needs more (see `weakNounAsks`).
 */
const TALK_VERBS = [
  'talk',
  'speak',
  'chat',
  'connect',
  'transfer',
  'forward',
  'redirect',
  'reach',
  'contact',
  'call',
  'ring',
  'escalate',
  'pass',
  'through',
];
const TALK = new Set(TALK_VERBS);

const REQUEST = new FuzzyVocabulary([
  ...TALK_VERBS,
  'get',
  'want',
  'need',
  'give',
  'put',
  'see',
  'prefer',
  'rather',
  'request',
  'like',
  'ask',
]);
/** Verbs after "someone to …" that make it a person to talk to ("someone to talk to", "anyone who can help"). */
const TALK_AFTER = new Set(['talk', 'speak', 'chat', 'help', 'assist', 'call', 'answer', 'explain', 'sort', 'look']);
/** Words right after a weak noun that leave it a request ("someone else", "somebody please", "anyone there"). */
const WEAK_TAIL = new Set(['else', 'please', 'pls', 'plz', 'there', 'here', 'real', 'who', 'that', 'from', 'in', 'on']);
/** "someone to talk to", "anyone there to help": a weak noun followed by a talking verb, even without a request verb. */
const toTalk = (tokens: readonly string[], i: number): boolean => {
  const skip = tokens[i + 1] === 'there' || tokens[i + 1] === 'here' || tokens[i + 1] === 'else' ? 1 : 0;
  return tokens[i + 1 + skip] === 'to' && TALK_AFTER.has(tokens[i + 2 + skip] ?? '');
};
/** Modal verbs of a request made as a question: "can someone help me", "could somebody call me back". */
const MODAL = new Set(['can', 'could', 'would', 'will', 'may']);
/** Verbs that follow "can someone …" in a request for help rather than for a task ("can someone clean …"). */
const HELP_VERBS = new Set([
  'talk',
  'speak',
  'chat',
  'call',
  'explain',
  'look',
  'take',
  'check',
  'get',
  'contact',
  'reach',
  'connect',
  'review',
  'tell',
  'please',
  'else',
  'there',
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
  ['strong', 'contact me'],
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
  ['contact', 'support number'],
  ['contact', 'your number'],
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

/** Verbs right before a contact phrase that make it the customer's own details ("update phone number"). */
const OWN_NUMBER_VERBS = new Set(['change', 'modify', 'edit', 'update', 'verify', 'add', 'remove', 'register', 'link']);

/** Result of the explicit-request detector (T1). */
export interface ExplicitRequestResult {
  /** 0..1; the default policy counts a request at 0.8. */
  score: number;
  evidence?: string;
}

const better = (a: ExplicitRequestResult, b: ExplicitRequestResult): ExplicitRequestResult =>
  b.score > a.score ? b : a;

/**
 * Whether a weak human noun ("someone", "team") at `i` is asked for: "someone to talk to", "anyone who can
 * help", "somebody else", "someone please", or a question "can somebody look at …"; not "someone to clean my
 * room" or "more people under the reservation".
 */
const weakNounAsks = (tokens: readonly string[], clause: Uint16Array, i: number): boolean => {
  const next = clause[i + 1] === clause[i] ? tokens[i + 1] : undefined;
  if (next === undefined || WEAK_TAIL.has(next)) return true;
  if (next === 'to') return TALK_AFTER.has(tokens[i + 2] ?? '');
  return false;
};

/** Detects a request for a person in already analysed text. */
export const detectExplicitRequestIn = (a: TextAnalysis): ExplicitRequestResult => {
  const { tokens, negated, clause } = a;
  let best: ExplicitRequestResult = { score: 0 };
  // A negated mention ("I don't need an agent") is no request; another clause may still make one ("you're
  // not the right person, can I speak to somebody else?"), so it only counts when nothing else does.
  let negation: ExplicitRequestResult | undefined;
  // End of the last strong phrase: a phrase inside it ("talk to you" in "don't want to talk to you") is
  // part of that request, not a negated one.
  let strongEnd = -1;
  for (const hit of PHRASES.find(a)) {
    if (hit.start < strongEnd) continue;
    if (hit.negated) {
      negation ??= { score: 0, evidence: `negated '${hit.phrase}'` };
      continue;
    }
    if (hit.label === 'strong') strongEnd = hit.end;
    if (hit.label === 'strong') best = better(best, { score: 0.9, evidence: `said '${hit.phrase}'` });
    else {
      // "change my mobile number", "verify phone number": the customer's own number, not the business's.
      const before = tokens[hit.start - 1];
      if (before === 'my' || OWN_NUMBER_VERBS.has(before ?? '')) continue;
      // A contact phrase that is (nearly) the whole message asks for it ("contact number?", "helpline"),
      // except a phone or mobile number, which is as often the customer's own ("mobile number verification").
      const bare = tokens.length <= hit.end - hit.start + 1 && !hit.phrase.endsWith(' number');
      const asks =
        bare ||
        hit.phrase === 'contact number' ||
        tokens.some((t, i) => ASKING.has(t) && clause[i] === clause[hit.start] && (i < hit.start || i >= hit.end));
      best = better(best, { score: asks ? 0.85 : 0.6, evidence: `asked for '${hit.phrase}'` });
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const human = NOT_HUMAN.has(t) ? undefined : HUMAN.match(t);
    if (human === undefined || isCount(tokens[i - 1]) || isCount(tokens[i - 2])) continue;
    // "I don't need an agent": the noun sits in a negation scope.
    if (negated[i] === 1) {
      negation ??= { score: 0, evidence: `negated '${t}'` };
      continue;
    }
    let verb: string | undefined;
    let verbNegated = false;
    for (let j = Math.max(0, i - 8); j < i; j++) {
      if (clause[j] !== clause[i]) continue;
      const v = REQUEST.match(tokens[j] ?? '');
      if (v === undefined) continue;
      verb = v;
      verbNegated = negated[j] === 1;
    }
    // "I don't want to talk to a person": the verb, not the noun, is in the negation scope.
    if (verbNegated) {
      negation ??= { score: 0, evidence: `negated request for '${t}'` };
      continue;
    }
    const typo = human === t ? '' : ` (${human})`;
    const weak = WEAK_HUMAN.has(human);
    const prev = clause[i - 1] === clause[i] ? tokens[i - 1] : undefined;
    const after = clause[i + 1] === clause[i] ? (tokens[i + 1] ?? '') : '';
    if (verb !== undefined && (!weak || TALK.has(verb) || weakNounAsks(tokens, clause, i)))
      best = better(best, { score: weak ? 0.85 : 0.95, evidence: `request for '${t}'${typo}` });
    else if (weak && ((MODAL.has(prev ?? '') && HELP_VERBS.has(after)) || toTalk(tokens, i)))
      best = better(best, { score: 0.85, evidence: `asked whether '${t}' can help` });
    else if (
      weak &&
      tokens.length <= 4 &&
      tokens.includes('please') &&
      (human === 'team' || human === 'department' || human === 'desk')
    )
      best = better(best, { score: 0.85, evidence: `asked for the '${t}'${typo}` });
    else if (!weak && tokens.length <= 4) best = better(best, { score: 0.85, evidence: `bare '${t}'${typo}` });
    else if (!weak) best = better(best, { score: 0.5, evidence: `mentions '${t}'${typo}` });
  }
  return best.score > 0 || negation === undefined ? best : negation;
};

/**
 * T1: an explicit request for a person ("agent", "real person", "let me talk to someone", "get me your
 * manager"), tolerant of one-letter typos ("agnet", "pesron") and of negation ("I don't need an agent" → 0).
 */
export const detectExplicitRequest = (text: string): ExplicitRequestResult => detectExplicitRequestIn(analyze(text));
