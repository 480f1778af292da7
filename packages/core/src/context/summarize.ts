/**
 * Offline extractive summary for the agent (C7): picks the customer's sentence that states the issue, what
 * was already tried (assistant actions and "I tried ..." sentences), what the customer wants, and derives a
 * next step from the handoff reason and topics. No model, linear in the transcript length.
 *
 * Sentence choice: cue phrases first ("I can't", "was charged", "I want", "could you"); without a cue, the
 * sentence with the most content words shared with the rest of the conversation (a centroid score).
 */

/** A turn as the summariser needs it. */
export interface SummaryTurn {
  role: 'customer' | 'assistant' | 'agent' | 'system';
  text: string;
  /** Display name ("#Person2#", "Ana"); used in the paragraph instead of "The customer" when given. */
  speaker?: string;
  /** Actions the assistant reported for this turn. */
  actions?: string[];
}

export interface Summary {
  issue: string;
  tried: string;
  wants: string;
  nextStep: string;
  text: string;
}

/** Hints the builder knows besides the turns. */
export interface SummaryHints {
  /** Handoff reason code (`explicit_request`, `frustration`, `regulated_topic` ...). */
  reasonCode?: string | null;
  /** Topic or intent names seen (`cancellation`, `billing_dispute` ...). */
  topics?: readonly string[];
}

const ISSUE_CUE =
  /\b(?:can'?t|cannot|couldn'?t|won'?t|doesn'?t|don'?t|didn'?t|isn'?t|wasn'?t|not working|broken|problem|issue|trouble|error|wrong|charged|twice|missing|lost|never (?:arrived|received|got)|late|delayed|refund|cancel|complain|fail(?:ed|s)?|stuck|locked|hack|fraud|damaged|overcharged)\b/i;
const WANT_CUE =
  /\b(?:i (?:want|need|would like|'d like|wish)|i'm looking for|can you|could you|would you|please|let me|i'd prefer|how (?:do|can) i)\b/i;
const TRIED_CUE =
  /\b(?:i (?:already |have |'ve )?(?:tried|restarted|reset|checked|called|sent|did|reinstalled|cleared))\b/i;
const GREETING =
  /^(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks?|thank you|ok(?:ay)?|yes|no|sure|bye)\b[\s,.!]*$/i;
const STOP = new Set(
  'the a an and or but to of in on at for with is are was were be been it this that i you we they he she my your me us our do does did have has had will would can could not no so if as by from just about what how when where why which'.split(
    ' ',
  ),
);

const NEXT_STEPS: Readonly<Record<string, string>> = {
  cancellation:
    'Confirm what they want to cancel, check for a retention offer, then process or escalate the cancellation.',
  billing_dispute: 'Review the disputed charge on the account and explain or refund it.',
  refund: 'Check the order and refund eligibility, then confirm the refund and its timeline.',
  fraud: 'Verify identity, secure the account (block card or reset access) and open a fraud case.',
  legal: 'Do not admit liability; log the complaint and route it to the legal team per policy.',
  formal_complaint: 'Acknowledge the complaint, log it formally and give a reference number and timeline.',
  insurance_claim: 'Collect the claim details and open the claim; explain the next steps and timeline.',
  medical: 'Follow the medical-topic guidance; do not give medical advice beyond policy.',
  technical_issue: 'Reproduce the problem with the customer and troubleshoot beyond what the assistant tried.',
  large_purchase: 'Confirm requirements and quantities, then prepare a quote.',
  pricing_negotiation: 'Check the pricing options the customer is eligible for and make an offer.',
  bereavement: 'Express condolences, be patient, and handle the account change with minimal steps for them.',
  self_harm: 'Follow the vulnerable-customer procedure: stay with them and share support resources.',
  vulnerability: 'Follow the vulnerable-customer procedure and offer extra support.',
  harassment: 'Take the report seriously, document it and follow the harassment procedure.',
  health: 'Be empathetic and follow the health-topic guidance.',
  frustration: 'Acknowledge the frustration first, then resolve the issue without asking them to repeat it.',
  explicit_request: 'Greet the customer and resolve the issue without asking them to repeat it.',
};

const sentences = (text: string): string[] =>
  text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=\S)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const contentWords = (s: string): string[] =>
  (s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));

const clip = (s: string, max = 200): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);
const stripEnd = (s: string): string => s.replace(/[\s.!?]+$/u, '');

interface Candidate {
  text: string;
  turn: number;
  speaker: string;
  centrality: number;
}

/** Summarises a conversation; see the module comment. Pure. */
export const summarize = (turns: readonly SummaryTurn[], hints: SummaryHints = {}): Summary => {
  const customer: Candidate[] = [];
  const freq = new Map<string, number>();
  turns.forEach((t) => {
    for (const w of new Set(contentWords(t.text))) freq.set(w, (freq.get(w) ?? 0) + 1);
  });
  turns.forEach((t, i) => {
    if (t.role !== 'customer') return;
    for (const s of sentences(t.text)) {
      if (GREETING.test(s) || s.split(' ').length < 3) continue;
      const ws = contentWords(s);
      const centrality = ws.reduce((acc, w) => acc + Math.log(1 + (freq.get(w) ?? 0)), 0) / Math.sqrt(ws.length + 1);
      customer.push({ text: s, turn: i, speaker: t.speaker ?? 'The customer', centrality });
    }
  });
  const byCentrality = [...customer].sort((a, b) => b.centrality - a.centrality || a.turn - b.turn);
  const issue = customer.find((c) => ISSUE_CUE.test(c.text)) ?? byCentrality[0] ?? null;
  const wants = [...customer].reverse().find((c) => WANT_CUE.test(c.text) && c !== issue) ?? null;
  const triedParts: string[] = [];
  turns.forEach((t) => {
    for (const a of t.actions ?? []) if (!triedParts.includes(a)) triedParts.push(a);
    if (t.role === 'customer') for (const s of sentences(t.text)) if (TRIED_CUE.test(s)) triedParts.push(stripEnd(s));
  });
  const topics = hints.topics ?? [];
  const next =
    topics.map((t) => NEXT_STEPS[t]).find((s) => s !== undefined) ??
    (hints.reasonCode !== undefined && hints.reasonCode !== null ? NEXT_STEPS[hints.reasonCode] : undefined) ??
    (wants !== null
      ? `Help with the request: ${clip(stripEnd(wants.text), 120)}.`
      : 'Confirm the issue with the customer and resolve it.');
  const issueText = issue === null ? 'Not stated yet.' : clip(stripEnd(issue.text));
  const wantsText =
    wants === null
      ? issue === null
        ? 'Not stated yet.'
        : 'A resolution of the issue above.'
      : clip(stripEnd(wants.text));
  const triedText = triedParts.length === 0 ? 'Nothing recorded.' : clip(triedParts.join('; '), 240);
  // The paragraph: the issue, the request, a reply from the other side, then the most central customer
  // sentences not used yet, up to three sentences, in conversation order (a Lead/centroid-3 extract).
  const picked: { turn: number; line: string }[] = [];
  const take = (c: Candidate | null): void => {
    if (c !== null && picked.length < 3 && !picked.some((p) => p.line.endsWith(`${stripEnd(c.text)}.`))) {
      picked.push({ turn: c.turn, line: `${c.speaker}: ${stripEnd(c.text)}.` });
    }
  };
  take(issue);
  take(wants);
  const replyAt = turns.findIndex(
    (t, i) => t.role !== 'customer' && t.role !== 'system' && i > (issue?.turn ?? -1) && t.text.trim() !== '',
  );
  const reply = turns[replyAt];
  if (reply !== undefined)
    picked.push({
      turn: replyAt,
      line: `${reply.speaker ?? 'The assistant'}: ${clip(stripEnd(sentences(reply.text)[0] ?? ''))}.`,
    });
  for (const c of byCentrality) take(c);
  const parts = picked.sort((a, b) => a.turn - b.turn).map((p) => p.line);
  if (triedParts.length > 0) parts.push(`Tried: ${triedText}.`);
  return {
    issue: issueText,
    tried: triedText,
    wants: wantsText,
    nextStep: next,
    text: parts.join(' ') || 'No customer message yet.',
  };
};
