import type { Conversation, Customer } from '../conversation/types.ts';
import type { HandoffReason } from '../escalation/types.ts';
import { analyze } from '../language/analyze.ts';
import { scoreSentiment } from '../language/sentiment.ts';
import type { StoredTurn } from '../ports.ts';
import { detectPii } from '../privacy/detect.ts';
import { applyRedaction } from '../privacy/redact.ts';
import { DEFAULT_PLACEHOLDERS, PII_TYPES, type PiiSpan, type PiiType, type RedactionPolicy } from '../privacy/types.ts';
import { bridgeMessage, issuePhrase } from './bridge.ts';
import { extractEntities } from './entities.ts';
import { summarize } from './summarize.ts';
import {
  CONTEXT_PACKAGE_VERSION,
  type ContextAction,
  type ContextCrm,
  type ContextEntity,
  type ContextHistoryItem,
  type ContextIdentity,
  type ContextIntent,
  type ContextPackage,
  type ContextSummary,
  type ContextTurn,
  type FiredSignal,
  type SentimentPoint,
} from './types.ts';

/** An earlier conversation of the same customer, as the server found it. */
export interface HistoryInput {
  conversation: Conversation;
  /** First customer message (raw; redacted here). */
  firstCustomerText: string | null;
  agentName: string | null;
  outcome: string | null;
}

/** Everything {@link buildContextPackage} needs; all I/O happened before. */
export interface ContextPackageInput {
  conversation: Conversation;
  handoff: { id: string; reason: HandoffReason; priority: number } | null;
  customer: Customer | null;
  /**
   * CRM record from a connector: `undefined` → use the built-in customer attributes; `null` → the connector
   * failed or timed out (the package says `crm` is missing).
   */
  crm?: { source: string; attributes: Record<string, unknown> } | null;
  /** Earlier conversations; `null` → the lookup failed (`history` is missing). */
  history?: HistoryInput[] | null;
  turns: readonly StoredTurn[];
  /** Display names of agents by id, for agent turns. */
  authorNames?: ReadonlyMap<string, string>;
  /** The agent the package is for, when known (fills the bridge message). */
  agentName?: string | null;
  builtAt: Date;
  /** What to redact in text fields; default: every PII type. */
  redaction?: RedactionPolicy;
  /** Mask identity fields (name, e-mail, phone) too; default false: the agent needs to know who they help. */
  maskIdentity?: boolean;
  /** A summary from elsewhere (an LLM); the offline extractive summary otherwise. */
  summary?: ContextSummary | null;
  /** Parts that failed upstream, carried into `missing`. */
  missing?: readonly string[];
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null) : []);

const crmFrom = (source: string, a: Record<string, unknown>): ContextCrm => {
  const tickets = Array.isArray(a.openTickets) ? a.openTickets : [];
  return {
    source,
    tier: str(a.tier),
    leadScore: num(a.leadScore),
    dealStage: str(a.dealStage),
    accountValue: num(a.accountValue),
    orderNumbers: strings(a.orderNumbers ?? a.orders),
    openTickets: tickets
      .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
      .map((t) => ({ id: str(t.id) ?? '', subject: str(t.subject) ?? '', status: str(t.status) ?? 'open' })),
    attributes: a,
  };
};

/**
 * Builds the context package (C1–C9) from what the server loaded. Pure: no I/O, no clock (`builtAt` comes
 * in). Text fields (transcript, history lines, summary, entities) are redacted by `redaction`. A part whose
 * source failed (`crm: null`, `history: null`) is left empty and named in `missing`: a package always goes.
 */
export const buildContextPackage = (input: ContextPackageInput): ContextPackage => {
  const policy = input.redaction ?? {};
  const types = new Set<PiiType>(policy.types ?? PII_TYPES);
  const minScore = policy.minScore ?? 0.5;
  const placeholder = (s: PiiSpan): string | null =>
    types.has(s.type) && s.score >= minScore ? (policy.placeholders?.[s.type] ?? DEFAULT_PLACEHOLDERS[s.type]) : null;
  let spans = 0;
  const clean = (text: string): { text: string; pii: PiiSpan[] } => {
    const pii = detectPii(text, { minScore });
    const hits = pii.filter((p) => placeholder(p) !== null).length;
    spans += hits;
    return { text: hits === 0 ? text : applyRedaction(text, pii, policy), pii };
  };
  const { conversation, customer } = input;
  const missing = [...(input.missing ?? [])];

  const transcript: ContextTurn[] = [];
  const intents = new Map<string, ContextIntent>();
  const entities: ContextEntity[] = [];
  const actions: ContextAction[] = [];
  const sentiment: SentimentPoint[] = [];
  const signals: FiredSignal[] = [];
  const topics: string[] = [];
  const slots: Record<string, string> = {};
  for (const t of input.turns) {
    const { text, pii } = clean(t.text);
    transcript.push({
      seq: t.seq,
      role: t.role,
      channel: conversation.channel,
      authorName: t.role === 'agent' ? (input.authorNames?.get(t.authorId ?? '') ?? null) : null,
      text,
      at: t.createdAt.toISOString(),
      redactions: pii.filter((p) => placeholder(p) !== null).length,
    });
    const a = t.annotations;
    const intentSeen = (name: string, confidence: number): void => {
      const known = intents.get(name);
      if (known === undefined || confidence > known.confidence) intents.set(name, { name, confidence, turnSeq: t.seq });
    };
    if (a.intent !== undefined) intentSeen(a.intent.name, a.intent.confidence);
    if (t.decision?.routing?.intent !== undefined)
      intentSeen(t.decision.routing.intent, intents.get(t.decision.routing.intent)?.confidence ?? 0.5);
    if (t.decision?.routing?.topic !== undefined && !topics.includes(t.decision.routing.topic))
      topics.push(t.decision.routing.topic);
    for (const [k, v] of Object.entries(a.slots ?? {})) slots[k] = clean(v).text;
    for (const action of a.actions ?? []) actions.push({ action, turnSeq: t.seq });
    if (t.role === 'customer') {
      entities.push(...extractEntities(t.text, t.seq, pii, placeholder));
      // the engine stored this turn's sentiment with its state; recompute only for turns stored without it
      const stored = t.escalationState.sentiment.at(-1);
      const score = t.decision !== null && stored !== undefined ? stored : scoreSentiment(analyze(t.text)).score;
      sentiment.push({ turnSeq: t.seq, score: Math.round(score * 1000) / 1000 });
    }
    for (const s of t.decision?.signals ?? []) {
      if (!s.fired) continue;
      signals.push({
        name: s.name,
        score: s.score,
        turnSeq: t.seq,
        evidence: s.evidence === undefined ? null : clean(s.evidence).text,
      });
      if (s.name.startsWith('topic:')) {
        const topic = s.name.slice(6);
        if (!topics.includes(topic)) topics.push(topic);
      }
    }
  }

  const attributes = customer?.attributes ?? {};
  const identity: ContextIdentity | null =
    customer === null
      ? null
      : {
          customerId: customer.id,
          externalId: customer.externalId,
          name: input.maskIdentity === true && customer.name !== null ? DEFAULT_PLACEHOLDERS.PERSON : customer.name,
          email: input.maskIdentity === true && customer.email !== null ? DEFAULT_PLACEHOLDERS.EMAIL : customer.email,
          phone: input.maskIdentity === true && customer.phone !== null ? DEFAULT_PLACEHOLDERS.PHONE : customer.phone,
          accountId: str(attributes.accountId) ?? customer.externalId,
          company: str(attributes.company),
          verified: attributes.verified === true,
        };
  let crm: ContextCrm | null = null;
  if (input.crm === null) missing.push('crm');
  else if (input.crm !== undefined) crm = crmFrom(input.crm.source, input.crm.attributes);
  else if (customer !== null) crm = crmFrom('builtin', attributes);

  let history: ContextHistoryItem[] = [];
  if (input.history === null) missing.push('history');
  else
    history = (input.history ?? [])
      .filter((h) => h.conversation.id !== conversation.id)
      .map((h) => ({
        conversationId: h.conversation.id,
        channel: h.conversation.channel,
        startedAt: h.conversation.createdAt.toISOString(),
        closedAt: h.conversation.closedAt?.toISOString() ?? null,
        status: h.conversation.status,
        outcome: h.outcome,
        agentName: h.agentName,
        summary: h.firstCustomerText === null ? null : clean(h.firstCustomerText.slice(0, 200)).text,
      }));

  const intentList = [...intents.values()].sort((a, b) => b.confidence - a.confidence);
  const reason = input.handoff?.reason ?? null;
  let summary = input.summary ?? null;
  if (summary === null) {
    const s = summarize(
      transcript.map((t, i) => ({ role: t.role, text: t.text, actions: input.turns[i]?.annotations.actions })),
      { reasonCode: reason?.code ?? null, topics: [...topics, ...intentList.map((i) => i.name)] },
    );
    summary = { ...s, source: 'extractive' };
  }
  const issue = issuePhrase([...topics, ...intentList.map((i) => i.name)]);
  return {
    schemaVersion: CONTEXT_PACKAGE_VERSION,
    conversationId: conversation.id,
    handoffId: input.handoff?.id ?? null,
    channel: conversation.channel,
    language: conversation.language,
    builtAt: input.builtAt.toISOString(),
    priority: input.handoff?.priority ?? 0,
    identity,
    crm,
    history,
    transcript,
    intents: intentList,
    entities,
    slots,
    actions,
    sentiment,
    signals,
    reason,
    summary,
    bridgeMessage: bridgeMessage(customer?.name ?? null, input.agentName ?? null, issue),
    missing,
    redaction: { types: PII_TYPES.filter((t) => types.has(t)), spans },
  };
};
