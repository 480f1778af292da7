import type { Agent, Conversation, Customer, Decision, Handoff, Reservation, StoredTurn } from '@baton/core';
import type {
  AgentTurn,
  AgentView,
  ConversationView,
  CustomerView,
  DecisionView,
  HandoffNotice,
  HandoffView,
  PublicTurn,
  ReservationView,
} from '@baton/contracts';
import { describeWait, type WaitInfo } from './wait-service.ts';

/** Above this expected wait the customer is offered a message or the assistant meanwhile (M3). */
export const LONG_WAIT_SECONDS = 120;

/**
 * Presenters decide what JSON leaves the server. Customer-side views never carry decisions, signals or
 * agent-only reasons; agent views do.
 */
export const presentConversation = (c: Conversation): ConversationView => ({
  id: c.id,
  channel: c.channel,
  language: c.language,
  status: c.status,
  assignedAgentId: c.assignedAgentId,
  createdAt: c.createdAt.toISOString(),
  closedAt: c.closedAt?.toISOString() ?? null,
});

export const presentDecision = (d: Decision): DecisionView => {
  const view: DecisionView = {
    kind: d.kind,
    rule: d.rule,
    policyVersion: d.policyVersion,
    priority: d.priority,
    reason: d.reason,
    signals: d.signals.map((s) =>
      s.evidence === undefined ? { name: s.name, score: s.score, fired: s.fired } : { ...s },
    ),
  };
  if (d.prompt !== undefined) view.prompt = d.prompt;
  if (d.slotsToCollect !== undefined) view.slotsToCollect = d.slotsToCollect;
  return view;
};

export const presentPublicTurn = (t: StoredTurn, authorName: string | null): PublicTurn => ({
  id: t.id,
  conversationId: t.conversationId,
  seq: t.seq,
  role: t.role,
  authorName,
  text: t.text,
  createdAt: t.createdAt.toISOString(),
});

export const presentAgentTurn = (t: StoredTurn, authorName: string | null): AgentTurn => ({
  ...presentPublicTurn(t, authorName),
  decision: t.decision === null ? null : presentDecision(t.decision),
});

/** Strips an agent turn down to what the customer may see. */
export const toPublicTurn = (t: AgentTurn): PublicTurn => ({
  id: t.id,
  conversationId: t.conversationId,
  seq: t.seq,
  role: t.role,
  authorName: t.authorName,
  text: t.text,
  createdAt: t.createdAt,
});

export const presentCustomer = (c: Customer): CustomerView => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  attributes: c.attributes,
});

export const presentHandoff = (h: Handoff): HandoffView => ({
  id: h.id,
  conversationId: h.conversationId,
  queueId: h.queueId,
  status: h.status,
  priority: h.priority,
  reason: h.reason,
  rule: h.rule,
  assignedAgentId: h.assignedAgentId,
  createdAt: h.createdAt.toISOString(),
  assignedAt: h.assignedAt?.toISOString() ?? null,
});

export const presentHandoffNotice = (
  h: Handoff,
  queueName: string,
  agentName: string | null,
  wait: WaitInfo | null = null,
  longWaitSeconds = LONG_WAIT_SECONDS,
): HandoffNotice => {
  const notice: HandoffNotice = { status: h.status, reason: h.reason.customer, queueName, agentName };
  if (wait === null) return notice;
  return {
    ...notice,
    position: wait.position,
    estimatedWaitSeconds: wait.estimatedWaitSeconds,
    waitMessage: describeWait(wait),
    longWait: wait.estimatedWaitSeconds === null || wait.estimatedWaitSeconds > longWaitSeconds,
  };
};

export const presentReservation = (r: Reservation): ReservationView => ({
  id: r.id,
  handoffId: r.handoffId,
  conversationId: r.conversationId,
  agentId: r.agentId,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});

export const presentAgent = (a: Agent): AgentView => ({
  id: a.id,
  name: a.name,
  email: a.email,
  role: a.role,
  presence: a.presence,
  presenceReason: a.presenceReason ?? null,
  presenceSince: a.presenceSince.toISOString(),
  wrapUpSeconds: a.wrapUpSeconds ?? null,
  capacity: a.capacity,
  skills: a.skills,
  languages: a.languages,
});
