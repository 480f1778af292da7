import type { IntentClassifier } from '../language/intent-classifier.ts';
import type { EscalationPolicy } from './policy.ts';
import { handoffReason } from './reasons.ts';
import { firstMatchingRule, type Candidate } from './rules.ts';
import { computeSignals } from './signals.ts';
import { STATE_LIMITS } from './state.ts';
import type { Decision, Evaluation, EscalationState, TurnInput } from './types.ts';

/** Optional collaborators of the engine. */
export interface EvaluateOptions {
  /** A trained intent classifier, used when the bot does not annotate the turn's intent itself. */
  classifier?: IntentClassifier;
}

const PUSH_BACK_PROMPT = 'I can help with that here. Would you like to continue, or speak to a person?';

/**
 * Evaluates one turn against the policy. Pure: no I/O, no clock; the returned state replaces the old one.
 * Only customer turns can trigger a handoff; assistant turns update fallback and progress counters.
 *
 * Rules run in a fixed precedence (see rules.ts): regulated, sensitive, explicit request, frustration,
 * customer value, revenue, complexity, low understanding. A handoff from a calm customer waits for the
 * policy's slots first (T9); push-back happens at most once and never when frustrated or sensitive (T8).
 */
export const evaluate = (
  turn: TurnInput,
  state: EscalationState,
  policy: EscalationPolicy,
  options: EvaluateOptions = {},
): Evaluation => {
  const next = copyState(state);
  next.turnCount = state.turnCount + 1;
  const base: Decision = {
    kind: 'continue',
    signals: [],
    rule: null,
    policyVersion: policy.version,
    priority: 0,
    reason: null,
  };
  if (state.sensitiveTopic) base.tone = 'empathetic';
  if (turn.role !== 'customer') {
    if (turn.role === 'assistant') {
      const fallback = turn.annotations.fallback === true;
      next.fallbackStreak = fallback ? state.fallbackStreak + 1 : 0;
      next.fallbackTotal = (state.fallbackTotal ?? 0) + (fallback ? 1 : 0);
      if ((turn.annotations.actions?.length ?? 0) > 0) next.turnsWithoutProgress = 0;
    }
    return { decision: base, state: next };
  }

  const s = computeSignals(turn, state, policy, options.classifier);
  const f = policy.frustration;
  const lu = policy.lowUnderstanding;
  next.customerTurnCount = state.customerTurnCount + 1;
  next.recentCustomerTexts = [...state.recentCustomerTexts, s.text].slice(-STATE_LIMITS.recentTexts);
  next.sentiment = [...state.sentiment, Math.round(s.sentiment * 1000) / 1000].slice(-STATE_LIMITS.sentiment);
  const repeated = f !== undefined && s.repetition >= f.repetitionSimilarity;
  next.repeatCount = (state.repeatCount ?? 0) + (repeated ? 1 : 0);
  const slotCount = Object.keys(turn.annotations.slots ?? {}).length;
  next.slotCount = slotCount;
  next.turnsWithoutProgress = slotCount > (state.slotCount ?? 0) ? 0 : (state.turnsWithoutProgress ?? 0) + 1;
  const lowIntent =
    s.intent !== undefined && lu !== undefined && (s.intent.outOfScope || s.intent.confidence < lu.intentConfidence);
  next.lowUnderstandingStreak = lowIntent ? (state.lowUnderstandingStreak ?? 0) + 1 : 0;
  const lowAsr = s.asrConfidence !== undefined && lu !== undefined && s.asrConfidence < lu.asrConfidence;
  next.lowAsrStreak = lowAsr ? (state.lowAsrStreak ?? 0) + 1 : 0;
  next.awaitingClarification = false;

  const decision: Decision = { ...base, signals: s.list };
  if (state.awaitingClarification === true) decision.clarificationAnswer = turn.text;
  const candidate = firstMatchingRule(s, state, next, policy, turn.customer ?? {});
  if (candidate?.sticky?.frustrated === true) next.frustrated = true;
  if (candidate?.sticky?.sensitiveTopic !== undefined) {
    next.sensitiveTopic = candidate.sticky.sensitiveTopic;
    decision.tone = 'empathetic';
  }
  const calm = !next.frustrated && !next.sensitiveTopic && s.sentimentLevel > -0.3;

  // A handoff deferred for slot collection completes once the slots are in, the budget is spent, or the
  // customer is no longer calm; a new handoff-grade rule also completes it.
  const pending = state.pendingHandoff;
  if (pending) {
    const filled = turn.annotations.slots ?? {};
    const missing = pending.slots.filter((k) => !(k in filled));
    const budget = policy.slots?.maxTurns ?? 0;
    if (missing.length === 0 || pending.turns + 1 >= budget || !calm || candidate?.kind === 'handoff') {
      next.pendingHandoff = null;
      const winner = candidate?.kind === 'handoff' && candidate.priority > pending.priority ? candidate : undefined;
      if (winner !== undefined) return { decision: toHandoff(decision, winner), state: next };
      return {
        decision: {
          ...decision,
          kind: 'handoff',
          rule: pending.rule,
          priority: pending.priority,
          reason: pending.reason,
          ...(pending.routing ? { routing: pending.routing } : {}),
        },
        state: next,
      };
    }
    next.pendingHandoff = { ...pending, turns: pending.turns + 1 };
    return {
      decision: {
        ...decision,
        kind: 'collect_details',
        rule: pending.rule,
        priority: pending.priority,
        slotsToCollect: missing,
        prompt: collectPrompt(missing),
      },
      state: next,
    };
  }
  if (candidate === undefined) return { decision, state: next };

  if (candidate.kind === 'clarify') {
    next.clarifications = state.clarifications + 1;
    next.awaitingClarification = true;
    return {
      decision: {
        ...decision,
        kind: 'clarify',
        rule: candidate.rule,
        priority: 0,
        prompt: lu?.clarifyPrompt ?? 'Can you tell me a bit more about the issue?',
      },
      state: next,
    };
  }
  if (candidate.kind === 'offer_human') {
    if (candidate.rule === 'explicit_request.push_back') next.pushBacks = state.pushBacks + 1;
    return {
      decision: {
        ...decision,
        kind: 'offer_human',
        rule: candidate.rule,
        priority: candidate.priority,
        prompt: candidate.prompt ?? PUSH_BACK_PROMPT,
        ...routingOf(candidate),
      },
      state: next,
    };
  }
  // T9: a calm customer gives the agent the details first, unless the rule forbids waiting.
  if (candidate.collectSlots === true && calm && policy.slots?.enabled === true) {
    const wanted = policy.slots.byIntent[candidate.intent ?? ''] ?? policy.slots.byIntent.default ?? [];
    const have = turn.annotations.slots ?? {};
    const missing = wanted.filter((k) => !(k in have));
    if (missing.length > 0 && policy.slots.maxTurns > 0) {
      next.pendingHandoff = {
        rule: candidate.rule,
        priority: candidate.priority,
        reason: handoffReason(candidate.code, candidate.detail),
        slots: missing,
        turns: 0,
        ...routingOf(candidate),
      };
      return {
        decision: {
          ...decision,
          kind: 'collect_details',
          rule: candidate.rule,
          priority: candidate.priority,
          slotsToCollect: missing,
          prompt: collectPrompt(missing),
          ...routingOf(candidate),
        },
        state: next,
      };
    }
  }
  return { decision: toHandoff(decision, candidate), state: next };
};

/**
 * A copy of the state with every field written in one fixed order (missing optional fields as their initial
 * value): one object shape for every state, where a spread of states of many shapes is a slow, megamorphic
 * copy on the per-turn path.
 */
const copyState = (s: EscalationState): EscalationState => ({
  turnCount: s.turnCount,
  customerTurnCount: s.customerTurnCount,
  pushBacks: s.pushBacks,
  clarifications: s.clarifications,
  fallbackStreak: s.fallbackStreak,
  sentiment: s.sentiment,
  recentCustomerTexts: s.recentCustomerTexts,
  extra: s.extra,
  fallbackTotal: s.fallbackTotal ?? 0,
  lowUnderstandingStreak: s.lowUnderstandingStreak ?? 0,
  lowAsrStreak: s.lowAsrStreak ?? 0,
  repeatCount: s.repeatCount ?? 0,
  turnsWithoutProgress: s.turnsWithoutProgress ?? 0,
  frustrated: s.frustrated ?? false,
  sensitiveTopic: s.sensitiveTopic ?? null,
  awaitingClarification: s.awaitingClarification ?? false,
  pendingHandoff: s.pendingHandoff ?? null,
  slotCount: s.slotCount ?? 0,
});

const routingOf = (c: Candidate): Pick<Decision, 'routing'> => {
  const routing: NonNullable<Decision['routing']> = {};
  if (c.intent !== undefined) routing.intent = c.intent;
  if (c.topic !== undefined) routing.topic = c.topic;
  if (c.queue !== undefined) routing.queue = c.queue;
  return Object.keys(routing).length > 0 ? { routing } : {};
};

const toHandoff = (decision: Decision, c: Candidate): Decision => ({
  ...decision,
  kind: 'handoff',
  rule: c.rule,
  priority: c.priority,
  reason: handoffReason(c.code, c.detail),
  ...routingOf(c),
});

const collectPrompt = (slots: readonly string[]): string =>
  `So our team can help you straight away, could you share your ${slots.map((s) => s.replace(/_/g, ' ')).join(' and ')}?`;
