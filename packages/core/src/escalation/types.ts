import type { Channel, TurnAnnotations, TurnRole } from '../conversation/types.ts';

/** What the engine tells the assistant to do after a turn. */
export type DecisionKind =
  /** Keep going with the assistant. */
  | 'continue'
  /** Ask a clarifying question (T10). */
  | 'clarify'
  /** Offer a person but let the customer choose (T8 push-back). */
  | 'offer_human'
  /** Collect the listed slots first, then hand off (T9). */
  | 'collect_details'
  /** Hand off now. */
  | 'handoff';

/** One language or behaviour signal computed for the turn, with a score in 0..1. */
export interface Signal {
  /** Stable name, e.g. `explicit_request`, `negative_sentiment`, `topic:bereavement`. */
  name: string;
  score: number;
  /** Whether the signal passed its policy threshold. */
  fired: boolean;
  /** Short human-readable evidence ("matched 'talk to a person'"). */
  evidence?: string;
}

/** Why the handoff happens, worded for both audiences (C8). */
export interface HandoffReason {
  /** Stable code: explicit_request, frustration, low_understanding, sensitive_topic, regulated_topic, customer_value, complexity ... */
  code: string;
  /** For the agent: precise, may name signals. */
  agent: string;
  /** For the customer: plain and kind; never names internal signals. */
  customer: string;
}

/** The explainable outcome of evaluating one turn (T11). Stored with the turn. */
export interface Decision {
  kind: DecisionKind;
  /** Every signal computed, fired or not. */
  signals: Signal[];
  /** Id of the policy rule that produced `kind`; null for the default `continue`. */
  rule: string | null;
  policyVersion: string;
  /** Handoff priority, 0 (lowest) .. 10 (highest). */
  priority: number;
  reason: HandoffReason | null;
  /** What the assistant should say for clarify / offer_human / collect_details. */
  prompt?: string;
  /** Slots to collect before the handoff (collect_details). */
  slotsToCollect?: string[];
  /** `empathetic` once a sensitive topic came up (T4, M5): the assistant should change its tone. */
  tone?: 'neutral' | 'empathetic';
  /** The customer's open answer to the previous clarifying question, kept for insights (T10). */
  clarificationAnswer?: string;
  /** Routing hints derived from the decision: intent, topic, required skills. */
  routing?: { intent?: string; topic?: string; skills?: string[]; queue?: string };
}

/** The turn as the engine sees it. */
export interface TurnInput {
  role: TurnRole;
  text: string;
  channel: Channel;
  annotations: TurnAnnotations;
  /** Customer CRM attributes (tier, leadScore, accountValue ...) when known. */
  customer?: Record<string, unknown>;
}

/**
 * What the engine remembers between turns of one conversation. JSON-serialisable: the server stores it
 * with the conversation so that any instance can evaluate the next turn.
 */
export interface EscalationState {
  turnCount: number;
  customerTurnCount: number;
  /** How many times the engine pushed back on an explicit request (T8: at most once). */
  pushBacks: number;
  /** How many clarifying questions were asked (T10). */
  clarifications: number;
  /** Consecutive assistant fallbacks. */
  fallbackStreak: number;
  /** Per-customer-turn sentiment, most recent last (bounded). */
  sentiment: number[];
  /** Recent customer texts, normalised, for repetition detection (bounded). */
  recentCustomerTexts: string[];
  /** Open-ended extra memory for detectors; keys are detector names. */
  extra: Record<string, unknown>;
  // The fields below were added with the full engine; optional so that states stored by the first slice
  // still evaluate (a missing field reads as its initial value).
  /** Assistant fallbacks in the whole conversation. */
  fallbackTotal?: number;
  /** Consecutive customer turns with intent confidence under the policy threshold. */
  lowUnderstandingStreak?: number;
  /** Consecutive voice turns with low speech-recognition confidence. */
  lowAsrStreak?: number;
  /** How many customer turns repeated an earlier one. */
  repeatCount?: number;
  /** Customer turns since the last sign of progress (a new slot or an assistant action). */
  turnsWithoutProgress?: number;
  /** Sticky: frustration was seen in this conversation (no push-back, no slot collection afterwards). */
  frustrated?: boolean;
  /** Sticky: the sensitive topic seen, if any (empathetic tone, no push-back). */
  sensitiveTopic?: string | null;
  /** The previous decision asked a clarifying question; the next customer turn is its answer. */
  awaitingClarification?: boolean;
  /** A handoff waiting for slot collection to finish (T9). */
  pendingHandoff?: PendingHandoff | null;
  /** Number of slots the assistant had collected at the last turn, to notice progress. */
  slotCount?: number;
}

/** A handoff decided but deferred while the assistant collects details (T9). */
export interface PendingHandoff {
  rule: string;
  priority: number;
  reason: HandoffReason;
  slots: string[];
  /** Customer turns spent collecting so far. */
  turns: number;
  routing?: Decision['routing'];
}

export interface Evaluation {
  decision: Decision;
  state: EscalationState;
}
