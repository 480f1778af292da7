import type { BusinessTopic, RegulatedTopic, SensitiveTopic } from '../language/topics.ts';
import type { RoutingPolicy } from '../routing/handoff-routing.ts';
import type { ConsentPolicy } from '../consent/transcript-handling.ts';
import { DEFAULT_PRIVACY_POLICY, type PrivacyPolicy } from '../privacy/visibility.ts';

/** A customer attribute condition for customer-value rules (T6), e.g. `tier in [gold, platinum]`. */
export interface CustomerCondition {
  /** Attribute name in `turn.customer` (tier, leadScore, accountValue ...). */
  field: string;
  op: 'eq' | 'in' | 'gte' | 'lte';
  value: string | number | boolean | Array<string | number>;
}

/** One customer-value rule: when every condition holds, hand off with this priority. */
export interface CustomerValueRule {
  /** Rule id, shown as `customer_value.<id>` in decisions. */
  id: string;
  when: CustomerCondition[];
  priority: number;
  /** Optional queue for routing (e.g. `vip`). */
  queue?: string;
}

/** The escalation policy the engine evaluates against (T12). Loaded from YAML by the server. */
export interface EscalationPolicy {
  /** Version string stored with every decision. */
  version: string;
  /** R3, R4, R7: routing rules, preferred-agent hold and ageing, applied when a handoff starts and waits. */
  routing?: RoutingPolicy;
  /** T1 explicit request for a person, with T8 risk tolerance. */
  explicitRequest: {
    enabled?: boolean;
    /** Score at or above which an explicit request counts (0..1). */
    threshold: number;
    /** `immediate` hands off at once; `push_back` offers to continue first (at most once). */
    riskTolerance: 'immediate' | 'push_back';
    /** Per-intent override of `riskTolerance`, keyed by intent or topic name. */
    riskToleranceByIntent?: Record<string, 'immediate' | 'push_back'>;
    priority: number;
  };
  /** T2 frustration. Optional so that policies written for the first slice still load. */
  frustration?: {
    enabled: boolean;
    /** Hand off when the mean sentiment of the last two customer turns is at or below this (−1..1). */
    sentimentLevel: number;
    /** Hand off when the sentiment slope over `trendWindow` turns is at or below this and the last turn is negative. */
    sentimentTrend: number;
    trendWindow: number;
    profanity: boolean;
    shouting: boolean;
    /** Hand off on an explicit statement of frustration at once. */
    explicit: boolean;
    /** Similarity (0..1) from which a customer turn counts as the same question again. */
    repetitionSimilarity: number;
    /** Hand off when the same question has been asked this many times in all. */
    repetitionCount: number;
    /** Hand off after this many consecutive assistant fallbacks. */
    fallbackStreak: number;
    /** Hand off when a voice turn is this many dB above the caller's baseline. */
    loudnessDb: number;
    /** Combined frustration score (0..1) from which to hand off, when no single marker decides. */
    scoreThreshold: number;
    priority: number;
  };
  /** T3 / T10 low understanding and clarifying questions. */
  lowUnderstanding?: {
    enabled: boolean;
    /** Intent confidence under which a turn counts as not understood. */
    intentConfidence: number;
    /** Hand off after this many consecutive not-understood turns (K). */
    turns: number;
    /** Hand off after this many assistant fallbacks in the conversation (N). */
    fallbacks: number;
    /** Speech-recognition confidence under which a voice turn counts as badly heard. */
    asrConfidence: number;
    asrTurns: number;
    /** Ask a clarifying question on an ambiguous turn up to this many times before handing off (0 = never). */
    maxClarifications: number;
    clarifyPrompt: string;
    priority: number;
  };
  /** T4 sensitive topics: offer a person at once and switch to an empathetic tone. */
  sensitive?: {
    enabled: boolean;
    topics: SensitiveTopic[];
    /** Topics that hand off at once instead of offering (self-harm by default). */
    handoffTopics: SensitiveTopic[];
    offerPrompt: string;
    priority: number;
  };
  /** T5 regulated topics: must reach a person, optionally in a certified queue. */
  regulated?: {
    enabled: boolean;
    topics: RegulatedTopic[];
    /** Queue for certified agents, by topic; `default` applies to the rest. */
    queues?: Record<string, string>;
    priority: number;
  };
  /** T6 customer value and revenue intents. */
  customerValue?: {
    enabled: boolean;
    rules: CustomerValueRule[];
    /** Topics or bot intent names that count as revenue (cancellation, large purchase ...). */
    revenueIntents: string[];
    revenuePriority: number;
  };
  /** T7 complexity. */
  complexity?: {
    enabled: boolean;
    /** Topics or bot intents that are complex by nature (billing disputes, technical escalations). */
    intents: string[];
    /** Hand off when a single turn carries this many distinct intents/topics. */
    multiIntent: number;
    /** Hand off after this many customer turns without progress (no new slot, no assistant action). */
    maxTurnsWithoutProgress: number;
    priority: number;
  };
  /** T9 collect the details an agent needs before handing off, when the customer is calm. */
  slots?: {
    enabled: boolean;
    /** Slots to collect by intent/topic; `default` applies when the intent has no entry. */
    byIntent: Record<string, string[]>;
    /** Give up collecting after this many customer turns and hand off anyway. */
    maxTurns: number;
  };
  /** P1 what happens without the customer's consent to recording; absent: transcripts are kept as written. */
  consent?: ConsentPolicy;
  /** P3 the personal data each staff role sees as written in live transcripts; absent: everyone sees everything. */
  privacy?: PrivacyPolicy;
}

/**
 * A sensible policy for a general customer-service team. `policies/default.yaml` ships the same values; a
 * test keeps the two in step.
 */
export const defaultEscalationPolicy: EscalationPolicy = {
  version: 'default-1.0',
  routing: {
    defaultQueue: 'q_support',
    preferredAgentTimeoutSeconds: 30,
    agingPerMinute: 1,
    rules: [
      { name: 'strategic_account', when: { tier: ['enterprise', 'platinum'] }, raisePriorityBy: 2 },
      {
        name: 'hot_lead',
        when: { leadScore: { gte: 80 }, dealStage: ['proposal', 'negotiation'] },
        raisePriorityBy: 2,
      },
      { name: 'large_company', when: { companySize: { gte: 1000 } }, raisePriorityBy: 1 },
      { name: 'upset_customer', when: { sentiment: { lte: -0.6 } }, raisePriorityBy: 1 },
    ],
  },
  explicitRequest: {
    enabled: true,
    threshold: 0.8,
    riskTolerance: 'immediate',
    riskToleranceByIntent: {},
    priority: 5,
  },
  frustration: {
    enabled: true,
    sentimentLevel: -0.6,
    sentimentTrend: -0.35,
    trendWindow: 3,
    profanity: true,
    shouting: true,
    explicit: true,
    repetitionSimilarity: 0.6,
    repetitionCount: 2,
    fallbackStreak: 2,
    loudnessDb: 8,
    scoreThreshold: 0.7,
    priority: 7,
  },
  lowUnderstanding: {
    enabled: true,
    intentConfidence: 0.4,
    turns: 2,
    fallbacks: 3,
    asrConfidence: 0.5,
    asrTurns: 2,
    maxClarifications: 2,
    clarifyPrompt: 'Can you tell me a bit more about the issue?',
    priority: 4,
  },
  sensitive: {
    enabled: true,
    topics: ['bereavement', 'health', 'self_harm', 'vulnerability', 'harassment'],
    handoffTopics: ['self_harm'],
    offerPrompt: "I'm so sorry to hear that. Would you like me to connect you with one of our team right away?",
    priority: 8,
  },
  regulated: {
    enabled: true,
    topics: ['fraud', 'legal', 'formal_complaint', 'insurance_claim', 'medical'],
    queues: {},
    priority: 8,
  },
  customerValue: {
    enabled: true,
    rules: [
      { id: 'vip_tier', when: [{ field: 'tier', op: 'in', value: ['vip', 'platinum', 'enterprise'] }], priority: 7 },
    ],
    revenueIntents: ['cancellation', 'large_purchase', 'pricing_negotiation'],
    revenuePriority: 6,
  },
  complexity: {
    enabled: true,
    intents: ['billing_dispute', 'technical_issue'],
    multiIntent: 3,
    maxTurnsWithoutProgress: 8,
    priority: 5,
  },
  slots: {
    enabled: true,
    byIntent: {
      cancellation: ['account_id', 'cancellation_reason'],
      billing_dispute: ['invoice_number', 'amount'],
      large_purchase: ['company', 'quantity'],
      default: [],
    },
    maxTurns: 2,
  },
  consent: { recordingDeclined: 'redact', unanswered: 'granted' },
  privacy: DEFAULT_PRIVACY_POLICY,
};

/** Narrows the business-topic names for readers of the policy. */
export type PolicyTopic = SensitiveTopic | RegulatedTopic | BusinessTopic;
