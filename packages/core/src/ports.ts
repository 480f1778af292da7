/**
 * The interfaces the core and the services need from the outside world. Each port has one contract
 * suite (packages/server/src/**\/*.contract.ts) run against every implementation.
 */
import type {
  Channel,
  Conversation,
  ConversationStatus,
  Customer,
  Turn,
  TurnAnnotations,
  TurnRole,
} from './conversation/types.ts';
import type { Handoff, HandoffStatus, Reservation, ReservationStatus } from './conversation/handoff.ts';
import type { Consult, ConsultMessage, ConsultStatus } from './conversation/consult.ts';
import type { Decision, EscalationState } from './escalation/types.ts';
import type { AuditEntry, AuditInput } from './audit/audit-chain.ts';
import type { Agent, AgentLoad, Presence, Queue } from './routing/types.ts';
import type { WebhookStore } from './ports/webhooks.ts';

export * from './ports/crm.ts';
export * from './ports/webhooks.ts';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unique id with a readable prefix, e.g. `conv_…`. */
  next(prefix: string): string;
}

/** A turn as stored: the turn, the decision it produced, and the engine state after it. */
export interface StoredTurn extends Turn {
  decision: Decision | null;
  escalationState: EscalationState;
  idempotencyKey: string | null;
}

export interface CustomerInput {
  externalId?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Record<string, unknown>;
}

export interface ConversationFilter {
  status?: ConversationStatus[];
  assignedAgentId?: string;
  /** Only this customer's conversations (history across channels). */
  customerId?: string;
  limit?: number;
}

export interface CustomerStore {
  /** Finds a customer by externalId, then email, then phone, and merges the input; creates one if none. */
  upsertCustomer(id: string, input: CustomerInput, at: Date): Promise<Customer>;
  getCustomer(id: string): Promise<Customer | null>;
}

export interface ConversationStore {
  createConversation(c: Conversation): Promise<void>;
  getConversation(id: string): Promise<Conversation | null>;
  listConversations(filter: ConversationFilter): Promise<Conversation[]>;
  /** Throws `conversation_not_found`. */
  updateConversation(
    id: string,
    patch: Partial<Pick<Conversation, 'status' | 'assignedAgentId' | 'closedAt' | 'updatedAt' | 'customerId'>>,
  ): Promise<Conversation>;
  /**
   * Appends a turn at `turn.seq`. Throws `turn_conflict` when that seq is taken (another writer won:
   * re-read and retry). With an idempotency key already used in the conversation, returns the stored
   * turn instead of inserting.
   */
  appendTurn(turn: StoredTurn, options?: AppendTurnOptions): Promise<{ turn: StoredTurn; created: boolean }>;
  /** Turns in seq order, optionally only those after `afterSeq`. Never carries a kept original. */
  listTurns(conversationId: string, afterSeq?: number): Promise<StoredTurn[]>;
  lastTurn(conversationId: string): Promise<StoredTurn | null>;
  /**
   * The sealed original of a redacted turn, as {@link AppendTurnOptions.sealedOriginal} stored it; `null` when
   * none is kept (or wiped), or the turn is not one of this conversation's.
   */
  sealedTurnOriginal(conversationId: string, turnId: string): Promise<unknown>;
}

/** What is written with a turn besides the turn itself. */
export interface AppendTurnOptions {
  /**
   * The original of a turn stored redacted (P5), sealed by the caller (authenticated encryption bound to the
   * turn and its conversation): kept beside the turn, written in the same insert, never read with it.
   */
  sealedOriginal?: unknown;
}

export interface DirectoryStore {
  upsertAgent(a: Agent & { passwordHash?: string | null }): Promise<void>;
  getAgent(id: string): Promise<Agent | null>;
  findAgentByEmail(email: string): Promise<(Agent & { passwordHash: string | null }) | null>;
  listAgents(): Promise<Agent[]>;
  /**
   * Sets presence and its reason (null clears it; e.g. `lunch`, `after_conversation`). Throws `agent_not_found`.
   */
  setPresence(agentId: string, presence: Presence, at: Date, reason?: string | null): Promise<Agent>;
  /**
   * Compare-and-set: sets presence and reason only while the stored presence is still `expected`; returns null
   * when it was not (a timer ending wrap-up loses to an agent who already set themselves away). Throws
   * `agent_not_found`.
   */
  setPresenceIf(
    agentId: string,
    expected: Presence,
    presence: Presence,
    at: Date,
    reason?: string | null,
  ): Promise<Agent | null>;
  upsertQueue(q: Queue): Promise<void>;
  getQueue(id: string): Promise<Queue | null>;
  listQueues(): Promise<Queue[]>;
  /** Agents with their current load (assigned conversations + pending offers, per channel). */
  listAgentLoads(): Promise<AgentLoad[]>;
}

export type ReserveOutcome =
  | { type: 'reserved'; reservation: Reservation; handoff: Handoff }
  /** The handoff is no longer queued (someone else offered, or it ended). */
  | { type: 'handoff_not_queued' }
  /** The agent reached capacity on that channel, or is not available. */
  | { type: 'agent_unavailable' };

export interface HandoffStore {
  /** Throws `handoff_already_open` when the conversation has a handoff that is queued, offered or assigned. */
  createHandoff(h: Handoff): Promise<void>;
  /**
   * Atomically, in one round trip: stores the new (queued) handoff and marks its conversation `queued` at
   * `at`. Returns the conversation as updated. Throws `conversation_not_found` (writing nothing) for an
   * unknown conversation. A process dying here leaves either both or neither.
   */
  queueHandoff(h: Handoff, at: Date): Promise<Conversation>;
  getHandoff(id: string): Promise<Handoff | null>;
  openHandoffForConversation(conversationId: string): Promise<Handoff | null>;
  /**
   * The agent of this customer's most recently assigned handoff, across all their conversations and channels
   * (R4 preferred agent), or null when no handoff of theirs was ever assigned.
   */
  lastAgentForCustomer(customerId: string): Promise<string | null>;
  /** Queued handoffs, highest priority first, then oldest first. */
  /**
   * Handoffs in queue order (priority, then oldest first), or with `order: 'recently_ended'` the most recently
   * ended first (history for wait estimates: a rolling window, not the first handoffs ever).
   */
  listHandoffs(filter: {
    status?: HandoffStatus[];
    queueId?: string;
    limit?: number;
    order?: 'queue' | 'recently_ended';
  }): Promise<Handoff[]>;
  /**
   * Compare-and-set: applies `next` only if the stored status is still `expected`. Returns the stored
   * handoff after the write, or null if the status had changed.
   */
  updateHandoff(next: Handoff, expected: HandoffStatus): Promise<Handoff | null>;
  /**
   * Atomically: the handoff must be `queued` and the agent `available` with capacity left on `channel`
   * (capacity counts assigned conversations and pending offers); then the handoff becomes `offered` and
   * the reservation is stored. This is what makes double assignment impossible across instances.
   */
  reserve(reservation: Reservation, channel: Conversation['channel']): Promise<ReserveOutcome>;
  getReservation(id: string): Promise<Reservation | null>;
  listReservations(filter: {
    agentId?: string;
    handoffId?: string;
    status?: ReservationStatus[];
  }): Promise<Reservation[]>;
  /** Compare-and-set on a pending reservation; returns null if it was no longer pending. */
  resolveReservation(id: string, status: Exclude<ReservationStatus, 'pending'>, at: Date): Promise<Reservation | null>;
  /**
   * Atomically: the reservation goes from `pending` to `accepted`, its agent's `lastAssignedAt` to `at`, its
   * handoff from `offered` to `assign(handoff)`, and the conversation, unless the customer already closed it,
   * to `agent` with the handoff's assigned agent (`conversation` is null when it was closed). Returns null,
   * writing nothing, if the reservation or the handoff had moved on (declined, expired, or the customer left),
   * so an accepted reservation always belongs to an assigned handoff and an assigned handoff to a
   * conversation with that agent, even when the process dies right after.
   */
  acceptReservation(
    id: string,
    at: Date,
    assign: (handoff: Handoff) => Handoff,
  ): Promise<{ reservation: Reservation; handoff: Handoff; conversation: Conversation | null } | null>;
  /**
   * Atomically: the reservation goes from `pending` to `status` and its handoff, if still `offered`, to
   * `requeue(handoff, reservation)` (`handoff` is null when it had moved on: abandoned, say). Returns null, writing
   * nothing, if the reservation was no longer pending. One step, so no handoff is left `offered` without a
   * pending offer when a process dies between the two writes.
   */
  declineReservation(
    id: string,
    status: Exclude<ReservationStatus, 'pending' | 'accepted'>,
    at: Date,
    requeue: (handoff: Handoff, reservation: Reservation) => Handoff,
  ): Promise<{ reservation: Reservation; handoff: Handoff | null } | null>;
}

/** The customer's answer to the AI disclosure and recording consent (P1, M6), with the exact wording shown. */
export interface ConsentRecord {
  id: string;
  conversationId: string;
  /** Whether the customer allowed the conversation to be recorded. */
  recording: 'granted' | 'declined';
  /** The disclosure and consent text exactly as the customer saw it. */
  wording: string;
  /** Language of the wording. */
  language: string;
  /** The channel the choice was made on. */
  channel: Channel;
  createdAt: Date;
}

/** A satisfaction survey answer after a handed-off conversation (M7). One per conversation. */
export interface SurveyResponse {
  id: string;
  conversationId: string;
  /** The last handoff of the conversation and the agent who handled it, for per-agent reports (N5). */
  handoffId: string | null;
  agentId: string | null;
  /** 1 (very unhappy) .. 5 (very happy). */
  rating: number;
  comment: string | null;
  createdAt: Date;
}

/** What an agent can record about how a handoff ended (A6). */
export type WrapUpDisposition = 'resolved' | 'follow_up' | 'transferred' | 'handed_back' | 'no_resolution' | 'other';

/** An agent's wrap-up of one handoff: disposition, notes, and whether the handoff was needed (A6, N7). */
export interface WrapUp {
  handoffId: string;
  conversationId: string;
  agentId: string;
  disposition: WrapUpDisposition;
  notes: string;
  /** The agent's answer to "was this handoff needed?". */
  handoffNeeded: boolean;
  createdAt: Date;
}

/** What people recorded about a conversation: consent (P1), survey (M7), wrap-up (A6). */
export interface ConversationRecordStore {
  /** Appends a consent choice; the latest one is in force (a customer may change their mind). */
  recordConsent(c: ConsentRecord): Promise<void>;
  /** The latest consent choice of the conversation, or null. */
  latestConsent(conversationId: string): Promise<ConsentRecord | null>;
  /** Stores the survey answer. Throws `survey_already_answered` when the conversation has one. */
  saveSurvey(s: SurveyResponse): Promise<void>;
  getSurvey(conversationId: string): Promise<SurveyResponse | null>;
  /** Stores the wrap-up of a handoff; a second submission for the same handoff replaces the first. */
  saveWrapUp(w: WrapUp): Promise<WrapUp>;
  getWrapUp(handoffId: string): Promise<WrapUp | null>;
  /** Every handoff of a conversation (transfers make several), oldest first. */
  handoffsForConversation(conversationId: string): Promise<Handoff[]>;
}

/**
 * Consults between agents (R9) and their internal side threads. Stored, not kept in memory, so any instance
 * can serve either agent and a restart keeps them.
 */
export interface ConsultStore {
  /**
   * Stores a new consult. Throws `consult_already_open` when the conversation already has one `requested` or
   * `active` (one at a time per conversation, across instances), `conversation_not_found` for an unknown one.
   */
  createConsult(c: Consult): Promise<void>;
  getConsult(id: string): Promise<Consult | null>;
  /**
   * Consults oldest first, filtered: `agentId` matches the owner or the colleague; `conversationId` one
   * conversation; `status` any of those statuses.
   */
  listConsults(filter: { agentId?: string; conversationId?: string; status?: ConsultStatus[] }): Promise<Consult[]>;
  /**
   * Compare-and-set: applies `next` only if the stored status is still `expected`. Returns the stored consult
   * after the write, or null if its status had changed (another instance or agent acted first).
   */
  updateConsult(next: Consult, expected: ConsultStatus): Promise<Consult | null>;
  /** Appends a side-thread message. Throws `consult_not_found` for an unknown consult. */
  addConsultMessage(m: ConsultMessage): Promise<void>;
  /** A consult's messages, oldest first. */
  listConsultMessages(consultId: string): Promise<ConsultMessage[]>;
}

/** A stored turn reduced to what analytics reads: no text, no engine state. */
export interface TurnFact {
  conversationId: string;
  seq: number;
  role: TurnRole;
  authorId: string | null;
  createdAt: Date;
  annotations: TurnAnnotations;
  decision: Decision | null;
}

/** Another conversation of a known customer, for repeat-contact checks (N4). */
export interface CustomerContact {
  conversationId: string;
  customerId: string;
  createdAt: Date;
}

/** Which records analytics reads: conversations created in [from, to). */
export interface AnalyticsRange {
  from: Date;
  to: Date;
  /** Contacts of the same customers are read up to here (exclusive), at least `to`: the repeat-contact window. */
  contactsUntil: Date;
}

/** Everything analytics computes from (N1–N7), for the conversations created in a range. */
export interface AnalyticsRecords {
  conversations: Conversation[];
  /** Every handoff of those conversations (transfers make several per conversation). */
  handoffs: Handoff[];
  /** Every reservation of those handoffs. */
  reservations: Reservation[];
  /** Customer and agent turns of those conversations, in (conversation, seq) order. */
  turns: TurnFact[];
  wrapUps: WrapUp[];
  surveys: SurveyResponse[];
  /** Conversations of the same customers created in [from, contactsUntil), including the ones above. */
  contacts: CustomerContact[];
}

/** Reads for handoff analytics (N1–N8). Bounded by the range the caller asks for. */
export interface AnalyticsStore {
  loadAnalyticsRecords(range: AnalyticsRange): Promise<AnalyticsRecords>;
}

/** The append-only, hash-chained audit log (P5). */
export interface AuditStore {
  /**
   * Appends after the current head, atomically across instances (the chain has one head). Recording an
   * `eventId` that is already in the log returns the stored entry instead (instances record the same
   * bus event).
   */
  appendAudit(input: AuditInput, hash: (material: string) => string): Promise<AuditEntry>;
  /** Entries in chain order after `afterSeq`, at most `limit`. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
}

export interface BatonStore
  extends
    CustomerStore,
    ConversationStore,
    DirectoryStore,
    HandoffStore,
    WebhookStore,
    ConversationRecordStore,
    AuditStore,
    AnalyticsStore,
    ComplianceStore,
    ConsultStore {
  close(): Promise<void>;
}

export interface BusSubscription {
  unsubscribe(): Promise<void>;
}

/**
 * Publish/subscribe between Baton instances. Subjects are dot-separated; subscriptions use NATS wildcards
 * (`*` one token, `>` the rest). Delivery is at-most-once and ordered per publisher; durable state lives in
 * the store, the bus only tells who should look.
 */
export interface EventBus {
  publish(subject: string, event: unknown): Promise<void>;
  /**
   * With `queue`, subscribers sharing that name across instances form a group: each event goes to one of
   * them (NATS queue groups), for work that must happen once per event, not once per instance.
   */
  subscribe(
    subject: string,
    handler: (event: unknown, subject: string) => void,
    options?: { queue?: string },
  ): Promise<BusSubscription>;
  close(): Promise<void>;
}

/** What one retention pass or one erasure wiped (P7): ids only, never the data. */
export interface WipedTranscripts {
  conversationIds: string[];
  /** Turns whose text was wiped. */
  turns: number;
}

/**
 * Retention and subject rights (P7). Wiping a transcript keeps the rows (analytics, the audit trail and
 * handoff history still add up) and removes what a person wrote or said: turn text, collected slots, the
 * engine's remembered customer texts and detector memory, signal evidence and clarification answers,
 * the sealed originals of redacted turns, survey comments and wrap-up notes.
 */
export interface ComplianceStore {
  /** Every consent choice of a conversation, oldest first (subject access export). */
  listConsents(conversationId: string): Promise<ConsentRecord[]>;
  /**
   * Wipes the transcripts of conversations closed before `closedBefore`, at most `limit` conversations per
   * call, oldest closed first. Conversations already wiped are not counted again, so repeated calls drain
   * the backlog and then return nothing.
   */
  expireTranscripts(closedBefore: Date, limit: number): Promise<WipedTranscripts>;
  /**
   * Clears the CRM attributes (`Customer.attributes`) of customers not contacted since `lastContactBefore`
   * (no conversation created since, and created before it), at most `limit`; returns their ids.
   */
  expireCrmData(lastContactBefore: Date, limit: number): Promise<string[]>;
  /**
   * Erases one customer's personal data: name, e-mail, phone, external id and attributes cleared, and the
   * transcripts of all their conversations wiped; ids stay so that history and the audit chain still add up.
   * Throws `customer_not_found`, or `conversation_open` while one of their conversations is not closed.
   */
  eraseCustomer(customerId: string): Promise<WipedTranscripts>;
  /**
   * Wipes one conversation's transcript as {@link expireTranscripts} does, whatever its age (P1: the customer
   * declined recording and the policy discards the text when the conversation ends).
   */
  wipeTranscript(conversationId: string): Promise<WipedTranscripts>;
  /**
   * Replaces the text, decision and engine state of stored turns, matched by id (P1: turns stored before the
   * customer declined recording are redacted afterwards). Role, seq and times are left as they are.
   */
  replaceTurnContent(turns: readonly Pick<StoredTurn, 'id' | 'text' | 'decision' | 'escalationState'>[]): Promise<void>;
  /**
   * Drops the sealed originals kept for a conversation's redacted turns; returns how many (P1: once the customer
   * declined recording no original may be kept, whatever the turn's text).
   */
  discardTurnOriginals(conversationId: string): Promise<number>;
  /**
   * Re-seals up to `limit` sensitive fields (CRM data, then kept originals of redacted turns) stored in the
   * clear or under an older key with the current encryption key (key rotation); returns how many. Always 0
   * without a cipher.
   */
  resealSensitiveFields(limit: number): Promise<number>;
  /**
   * Customers matching any of the given identifiers (e-mail case-insensitive, phone, external id), oldest
   * first, at most 50: how an admin finds the customer of a subject request.
   */
  findCustomers(query: { email?: string; phone?: string; externalId?: string }): Promise<Customer[]>;
}
