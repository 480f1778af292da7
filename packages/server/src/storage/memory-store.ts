/**
 * An in-memory BatonStore for fast service tests. It mirrors the SQL store rule for rule, including the
 * constraints (unique, foreign keys) and their DomainError codes; the shared contract suite
 * (store.contract.ts) is what keeps the two honest. Every value is copied in and out, so callers can
 * never mutate stored state by accident, as with a real database.
 *
 * Each method body is synchronous, so every call is atomic with respect to the others (the analogue of
 * the SQL store's transactions); the methods stay `async` so a broken rule rejects, as it does in SQL.
 */
import { MemoryAuditLog } from './memory-audit-log.ts';
import { MemoryConsultStore } from './memory-consult-store.ts';
import {
  DomainError,
  type Agent,
  type AuditEntry,
  type AuditInput,
  type AgentLoad,
  type AnalyticsRange,
  type AppendTurnOptions,
  type AnalyticsRecords,
  type BatonStore,
  type Channel,
  type ConsentRecord,
  type Consult,
  type ConsultMessage,
  type ConsultStatus,
  type Conversation,
  type ConversationFilter,
  type Customer,
  type CustomerInput,
  type Handoff,
  type HandoffStatus,
  type Presence,
  type Queue,
  type Reservation,
  type ReservationStatus,
  type ReserveOutcome,
  type StoredTurn,
  type SurveyResponse,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WrapUp,
} from '@baton/core';
import { mergeCustomer } from './customer-merge.ts';
import { needsWipe, wipeTurn } from './transcript-wipe.ts';
import { turnOriginalContext, type SensitiveFieldCipher } from './sealed-fields.ts';
import type { WipedTranscripts } from '@baton/core';

type StoredAgent = Agent & { passwordHash: string | null };

const copy = <T>(value: T): T => structuredClone(value);
const fail = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};
const isOpen = (s: HandoffStatus) => s === 'queued' || s === 'offered' || s === 'assigned';
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const withoutHash = ({ passwordHash: _hash, ...agent }: StoredAgent): Agent => copy(agent);
const sameText = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
const oldestFirst = (a: Customer, b: Customer) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b);

/** Same rule as drizzle/webhook-queries.ts `claimable`. */
const webhookClaimable = (w: WebhookDelivery, now: Date): boolean =>
  (w.status === 'pending' && w.nextAttemptAt.getTime() <= now.getTime()) ||
  (w.status === 'delivering' && w.leaseUntil !== null && w.leaseUntil.getTime() <= now.getTime());

/** Creates an empty in-memory store; `cipher` re-seals kept originals on key rotation, as the SQL store does. */
export const createMemoryStore = (opts: { cipher?: SensitiveFieldCipher } = {}): BatonStore =>
  new MemoryStore(opts.cipher);

class MemoryStore implements BatonStore {
  constructor(private readonly cipher?: SensitiveFieldCipher) {}

  private readonly customers = new Map<string, Customer>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly turns = new Map<string, StoredTurn[]>();
  private readonly turnIds = new Set<string>();
  /** Sealed originals of redacted turns by turn id, apart from the turns so no reader of turns sees them. */
  private readonly originals = new Map<string, { conversationId: string; sealed: unknown }>();
  private readonly agents = new Map<string, StoredAgent>();
  private readonly queues = new Map<string, Queue>();
  private readonly handoffs = new Map<string, Handoff>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly webhooks = new Map<string, WebhookDelivery>();
  private readonly webhookAttempts = new Map<string, WebhookAttempt[]>();
  private readonly consents: ConsentRecord[] = [];
  private readonly surveys = new Map<string, SurveyResponse>();
  private readonly wrapUps = new Map<string, WrapUp>();
  private readonly audit = new MemoryAuditLog();
  private readonly consults = new MemoryConsultStore({
    hasConversation: (id) => this.conversations.has(id),
    hasHandoff: (id) => this.handoffs.has(id),
  });

  // Consults (kept in their own class; the same rules as drizzle/consult-queries.ts)

  createConsult(c: Consult): Promise<void> {
    return this.consults.createConsult(c);
  }

  getConsult(id: string): Promise<Consult | null> {
    return this.consults.getConsult(id);
  }

  listConsults(filter: { agentId?: string; conversationId?: string; status?: ConsultStatus[] }): Promise<Consult[]> {
    return this.consults.listConsults(filter);
  }

  updateConsult(next: Consult, expected: ConsultStatus): Promise<Consult | null> {
    return this.consults.updateConsult(next, expected);
  }

  addConsultMessage(m: ConsultMessage): Promise<void> {
    return this.consults.addConsultMessage(m);
  }

  listConsultMessages(consultId: string): Promise<ConsultMessage[]> {
    return this.consults.listConsultMessages(consultId);
  }

  // Customers

  async upsertCustomer(id: string, input: CustomerInput, at: Date): Promise<Customer> {
    const all = [...this.customers.values()];
    const found =
      (input.externalId != null ? all.find((c) => c.externalId === input.externalId) : undefined) ??
      (input.email != null
        ? all.filter((c) => sameText(c.email, input.email ?? '')).sort(oldestFirst)[0]
        : undefined) ??
      (input.phone != null ? all.filter((c) => c.phone === input.phone).sort(oldestFirst)[0] : undefined) ??
      null;
    const next = mergeCustomer(found, id, input, at);
    if (!found && this.customers.has(id)) fail('customer_exists', `customer ${id} already exists`);
    if (next.externalId !== null && all.some((c) => c.externalId === next.externalId && c.id !== next.id)) {
      fail('customer_exists', 'another customer has that external id');
    }
    this.customers.set(next.id, copy(next));
    return copy(next);
  }

  async getCustomer(id: string): Promise<Customer | null> {
    return copy(this.customers.get(id) ?? null);
  }

  // Conversations and turns

  async createConversation(c: Conversation): Promise<void> {
    if (this.conversations.has(c.id)) fail('conversation_exists', `conversation ${c.id} already exists`);
    this.requireCustomer(c.customerId);
    this.conversations.set(c.id, copy(c));
  }

  async getConversation(id: string): Promise<Conversation | null> {
    return copy(this.conversations.get(id) ?? null);
  }

  async listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    const rows = [...this.conversations.values()]
      .filter((c) => !filter.status || filter.status.includes(c.status))
      .filter((c) => filter.assignedAgentId === undefined || c.assignedAgentId === filter.assignedAgentId)
      .filter((c) => filter.customerId === undefined || c.customerId === filter.customerId)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || byId(a, b));
    return copy(filter.limit === undefined ? rows : rows.slice(0, filter.limit));
  }

  async updateConversation(
    id: string,
    patch: Partial<Pick<Conversation, 'status' | 'assignedAgentId' | 'closedAt' | 'updatedAt' | 'customerId'>>,
  ): Promise<Conversation> {
    const current = this.conversations.get(id) ?? fail('conversation_not_found', `conversation ${id} does not exist`);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: Conversation = { ...current, ...defined };
    this.requireCustomer(next.customerId);
    this.conversations.set(id, copy(next));
    return copy(next);
  }

  async appendTurn(turn: StoredTurn, options: AppendTurnOptions = {}): Promise<{ turn: StoredTurn; created: boolean }> {
    const list = this.turns.get(turn.conversationId) ?? [];
    const key = turn.idempotencyKey;
    const existing = key === null ? undefined : list.find((t) => t.idempotencyKey === key);
    if (existing) return { turn: copy(existing), created: false };
    if (!this.conversations.has(turn.conversationId)) {
      fail('conversation_not_found', `conversation ${turn.conversationId} does not exist`);
    }
    const expected = (list.at(-1)?.seq ?? 0) + 1;
    if (turn.seq !== expected || this.turnIds.has(turn.id)) {
      fail('turn_conflict', `seq ${turn.seq} is not the next turn (expected ${expected})`, {
        conversationId: turn.conversationId,
        seq: turn.seq,
        expected,
      });
    }
    this.turns.set(turn.conversationId, [...list, copy(turn)]);
    this.turnIds.add(turn.id);
    const sealed = options.sealedOriginal;
    if (sealed !== undefined && sealed !== null)
      this.originals.set(turn.id, { conversationId: turn.conversationId, sealed: copy(sealed) });
    return { turn: copy(turn), created: true };
  }

  async sealedTurnOriginal(conversationId: string, turnId: string): Promise<unknown> {
    const kept = this.originals.get(turnId);
    return kept === undefined || kept.conversationId !== conversationId ? null : copy(kept.sealed);
  }

  async listTurns(conversationId: string, afterSeq?: number): Promise<StoredTurn[]> {
    return copy((this.turns.get(conversationId) ?? []).filter((t) => afterSeq === undefined || t.seq > afterSeq));
  }

  async lastTurn(conversationId: string): Promise<StoredTurn | null> {
    return copy(this.turns.get(conversationId)?.at(-1) ?? null);
  }

  // Directory

  async upsertAgent({ passwordHash, ...agent }: Agent & { passwordHash?: string | null }): Promise<void> {
    for (const other of this.agents.values()) {
      if (other.id !== agent.id && sameText(other.email, agent.email)) {
        fail('agent_email_taken', 'another agent has that email');
      }
    }
    const kept = this.agents.get(agent.id)?.passwordHash ?? null;
    // Unset optional settings are absent, as the SQL stores read their null columns.
    const { presenceReason, wrapUpSeconds, ...rest } = agent;
    this.agents.set(
      agent.id,
      copy({
        ...rest,
        ...(presenceReason === null || presenceReason === undefined ? {} : { presenceReason }),
        ...(wrapUpSeconds === null || wrapUpSeconds === undefined ? {} : { wrapUpSeconds }),
        passwordHash: passwordHash === undefined ? kept : passwordHash,
      }),
    );
  }

  async getAgent(id: string): Promise<Agent | null> {
    const a = this.agents.get(id);
    return a ? withoutHash(a) : null;
  }

  async findAgentByEmail(email: string): Promise<StoredAgent | null> {
    return copy([...this.agents.values()].find((a) => sameText(a.email, email)) ?? null);
  }

  async listAgents(): Promise<Agent[]> {
    return [...this.agents.values()].sort(byId).map(withoutHash);
  }

  async setPresence(agentId: string, presence: Presence, at: Date, reason?: string | null): Promise<Agent> {
    const a = this.agents.get(agentId) ?? fail('agent_not_found', `agent ${agentId} does not exist`, { agentId });
    // Same rule as SQL: re-announcing the same presence keeps presenceSince.
    const { presenceReason: _previous, ...rest } = a;
    // An unset reason is absent, as the SQL stores read a null column.
    const next: StoredAgent = {
      ...rest,
      ...(reason === null || reason === undefined ? {} : { presenceReason: reason }),
      presence,
      presenceSince: a.presence === presence ? a.presenceSince : new Date(at),
    };
    this.agents.set(agentId, next);
    return withoutHash(next);
  }

  async setPresenceIf(
    agentId: string,
    expected: Presence,
    presence: Presence,
    at: Date,
    reason?: string | null,
  ): Promise<Agent | null> {
    const a = this.agents.get(agentId) ?? fail('agent_not_found', `agent ${agentId} does not exist`, { agentId });
    return a.presence === expected ? this.setPresence(agentId, presence, at, reason) : null;
  }

  async upsertQueue(q: Queue): Promise<void> {
    this.queues.set(q.id, copy(q));
  }

  async getQueue(id: string): Promise<Queue | null> {
    return copy(this.queues.get(id) ?? null);
  }

  async listQueues(): Promise<Queue[]> {
    return copy([...this.queues.values()].sort(byId));
  }

  async listAgentLoads(): Promise<AgentLoad[]> {
    return [...this.agents.values()].sort(byId).map((a) => ({ agent: withoutHash(a), active: this.loadOf(a.id) }));
  }

  // Handoffs and reservations

  async createHandoff(h: Handoff): Promise<void> {
    if (this.handoffs.has(h.id)) fail('handoff_exists', `handoff ${h.id} already exists`);
    this.checkHandoff(h);
    this.handoffs.set(h.id, copy(h));
  }

  async queueHandoff(h: Handoff, at: Date): Promise<Conversation> {
    if (!this.conversations.has(h.conversationId)) {
      fail('conversation_not_found', `conversation ${h.conversationId} does not exist`);
    }
    await this.createHandoff(h);
    return this.updateConversation(h.conversationId, { status: 'queued', updatedAt: at });
  }

  async getHandoff(id: string): Promise<Handoff | null> {
    return copy(this.handoffs.get(id) ?? null);
  }

  async openHandoffForConversation(conversationId: string): Promise<Handoff | null> {
    const open = [...this.handoffs.values()].find((h) => h.conversationId === conversationId && isOpen(h.status));
    return copy(open ?? null);
  }

  async lastAgentForCustomer(customerId: string): Promise<string | null> {
    let last: Handoff | null = null;
    for (const h of this.handoffs.values()) {
      if (h.assignedAgentId === null || h.assignedAt === null) continue;
      if (this.conversations.get(h.conversationId)?.customerId !== customerId) continue;
      if (last === null || h.assignedAt.getTime() > (last.assignedAt?.getTime() ?? -Infinity)) last = h;
    }
    return last?.assignedAgentId ?? null;
  }

  async listHandoffs(filter: {
    status?: HandoffStatus[];
    queueId?: string;
    limit?: number;
    order?: 'queue' | 'recently_ended';
  }): Promise<Handoff[]> {
    const ended = (h: Handoff): number => h.endedAt?.getTime() ?? -Infinity;
    const rows = [...this.handoffs.values()]
      .filter((h) => !filter.status || filter.status.includes(h.status))
      .filter((h) => filter.queueId === undefined || h.queueId === filter.queueId)
      .sort((a, b) =>
        filter.order === 'recently_ended'
          ? ended(b) - ended(a) || byId(a, b)
          : b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b),
      );
    return copy(filter.limit === undefined ? rows : rows.slice(0, filter.limit));
  }

  async updateHandoff(next: Handoff, expected: HandoffStatus): Promise<Handoff | null> {
    const current = this.handoffs.get(next.id);
    if (!current || current.status !== expected) return null;
    // id, conversationId and createdAt never change (as in SQL).
    const stored: Handoff = { ...copy(next), conversationId: current.conversationId, createdAt: current.createdAt };
    // A writer that does not carry routing leaves it as it was (as the SQL update does).
    if (next.routing === undefined && current.routing !== undefined) stored.routing = copy(current.routing);
    this.checkHandoff(stored);
    this.handoffs.set(stored.id, stored);
    return copy(stored);
  }

  async reserve(reservation: Reservation, channel: Channel): Promise<ReserveOutcome> {
    const agent =
      this.agents.get(reservation.agentId) ??
      fail('agent_not_found', `agent ${reservation.agentId} does not exist`, { agentId: reservation.agentId });
    if (agent.presence !== 'available') return { type: 'agent_unavailable' };
    if ((this.loadOf(agent.id)[channel] ?? 0) >= (agent.capacity[channel] ?? 0)) return { type: 'agent_unavailable' };
    const handoff =
      this.handoffs.get(reservation.handoffId) ??
      fail('handoff_not_found', `handoff ${reservation.handoffId} does not exist`, {
        handoffId: reservation.handoffId,
      });
    if (handoff.status !== 'queued') return { type: 'handoff_not_queued' };
    const stored: Reservation = { ...copy(reservation), status: 'pending', respondedAt: null };
    if (this.reservations.has(stored.id)) fail('reservation_exists', `reservation ${stored.id} already exists`);
    if (!this.conversations.has(stored.conversationId)) {
      fail('conversation_not_found', `conversation ${stored.conversationId} does not exist`);
    }
    const live = [...this.reservations.values()].some(
      (r) => r.handoffId === stored.handoffId && (r.status === 'pending' || r.status === 'accepted'),
    );
    if (live) fail('reservation_already_open', `handoff ${stored.handoffId} already has a live reservation`);
    const offered: Handoff = { ...handoff, status: 'offered' };
    this.handoffs.set(offered.id, offered);
    this.reservations.set(stored.id, stored);
    return { type: 'reserved', reservation: copy(stored), handoff: copy(offered) };
  }

  async getReservation(id: string): Promise<Reservation | null> {
    return copy(this.reservations.get(id) ?? null);
  }

  async listReservations(filter: {
    agentId?: string;
    handoffId?: string;
    status?: ReservationStatus[];
  }): Promise<Reservation[]> {
    return copy(
      [...this.reservations.values()]
        .filter((r) => filter.agentId === undefined || r.agentId === filter.agentId)
        .filter((r) => filter.handoffId === undefined || r.handoffId === filter.handoffId)
        .filter((r) => !filter.status || filter.status.includes(r.status))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b)),
    );
  }

  async resolveReservation(
    id: string,
    status: Exclude<ReservationStatus, 'pending'>,
    at: Date,
  ): Promise<Reservation | null> {
    const current = this.reservations.get(id);
    if (!current || current.status !== 'pending') return null;
    const next: Reservation = { ...current, status, respondedAt: new Date(at) };
    this.reservations.set(id, next);
    return copy(next);
  }

  async acceptReservation(
    id: string,
    at: Date,
    assign: (handoff: Handoff) => Handoff,
  ): Promise<{ reservation: Reservation; handoff: Handoff; conversation: Conversation | null } | null> {
    const current = this.reservations.get(id);
    if (!current || current.status !== 'pending') return null;
    const handoff = this.handoffs.get(current.handoffId);
    if (!handoff || handoff.status !== 'offered') return null;
    const next = assign(copy(handoff));
    const stored: Handoff = { ...copy(next), conversationId: handoff.conversationId, createdAt: handoff.createdAt };
    this.checkHandoff(stored);
    const reservation: Reservation = { ...current, status: 'accepted', respondedAt: new Date(at) };
    this.handoffs.set(stored.id, stored);
    this.reservations.set(id, reservation);
    const agent = this.agents.get(current.agentId);
    if (agent) this.agents.set(agent.id, { ...agent, lastAssignedAt: new Date(at) });
    const conv = this.conversations.get(stored.conversationId);
    let conversation: Conversation | null = null;
    if (conv && conv.status !== 'closed') {
      conversation = { ...conv, status: 'agent', assignedAgentId: stored.assignedAgentId, updatedAt: new Date(at) };
      this.conversations.set(conv.id, copy(conversation));
    }
    return { reservation: copy(reservation), handoff: copy(stored), conversation: conversation && copy(conversation) };
  }

  async declineReservation(
    id: string,
    status: Exclude<ReservationStatus, 'pending' | 'accepted'>,
    at: Date,
    requeue: (handoff: Handoff, reservation: Reservation) => Handoff,
  ): Promise<{ reservation: Reservation; handoff: Handoff | null } | null> {
    const current = this.reservations.get(id);
    if (!current || current.status !== 'pending') return null;
    const handoff = this.handoffs.get(current.handoffId);
    let stored: Handoff | null = null;
    if (handoff && handoff.status === 'offered') {
      stored = {
        ...copy(requeue(copy(handoff), copy(current))),
        conversationId: handoff.conversationId,
        createdAt: handoff.createdAt,
      };
      this.checkHandoff(stored);
    }
    const reservation: Reservation = { ...current, status, respondedAt: new Date(at) };
    this.reservations.set(id, reservation);
    if (stored) this.handoffs.set(stored.id, stored);
    return { reservation: copy(reservation), handoff: stored && copy(stored) };
  }

  // Outbound webhooks

  async enqueueWebhook(delivery: WebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }> {
    const existing = [...this.webhooks.values()].find(
      (w) => w.eventId === delivery.eventId && w.endpoint === delivery.endpoint,
    );
    if (existing) return { delivery: copy(existing), created: false };
    if (this.webhooks.has(delivery.id)) fail('storage_conflict', `webhook delivery ${delivery.id} already exists`);
    this.webhooks.set(delivery.id, copy(delivery));
    return { delivery: copy(delivery), created: true };
  }

  async claimWebhook(id: string, owner: string, now: Date, leaseUntil: Date): Promise<WebhookDelivery | null> {
    const current = this.webhooks.get(id);
    if (!current || !webhookClaimable(current, now)) return null;
    const next: WebhookDelivery = {
      ...current,
      status: 'delivering',
      claimedBy: owner,
      leaseUntil: new Date(leaseUntil),
    };
    this.webhooks.set(id, next);
    return copy(next);
  }

  async listDueWebhooks(now: Date, limit: number): Promise<string[]> {
    return [...this.webhooks.values()]
      .filter((w) => webhookClaimable(w, now))
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || byId(a, b))
      .slice(0, limit)
      .map((w) => w.id);
  }

  async finishWebhookAttempt(
    id: string,
    owner: string,
    attempt: WebhookAttempt,
    next: { status: Exclude<WebhookDeliveryStatus, 'delivering'>; nextAttemptAt: Date },
  ): Promise<WebhookDelivery | null> {
    const current = this.webhooks.get(id);
    if (!current || current.status !== 'delivering' || current.claimedBy !== owner) return null;
    const log = this.webhookAttempts.get(id) ?? [];
    if (log.some((a) => a.attempt === attempt.attempt)) fail('webhook_attempt_exists', 'attempt already logged');
    const stored: WebhookDelivery = {
      ...current,
      status: next.status,
      attempts: attempt.attempt,
      nextAttemptAt: new Date(next.nextAttemptAt),
      claimedBy: null,
      leaseUntil: null,
      lastStatusCode: attempt.statusCode,
      lastError: attempt.error,
      deliveredAt: next.status === 'delivered' ? new Date(attempt.at) : current.deliveredAt,
    };
    this.webhooks.set(id, stored);
    this.webhookAttempts.set(id, [...log, copy(attempt)]);
    return copy(stored);
  }

  async getWebhook(id: string): Promise<WebhookDelivery | null> {
    return copy(this.webhooks.get(id) ?? null);
  }

  async listWebhooks(filter: {
    eventId?: string;
    status?: WebhookDeliveryStatus[];
    limit?: number;
  }): Promise<WebhookDelivery[]> {
    const rows = [...this.webhooks.values()]
      .filter((w) => filter.eventId === undefined || w.eventId === filter.eventId)
      .filter((w) => !filter.status || filter.status.includes(w.status))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byId(b, a));
    return copy(filter.limit === undefined ? rows : rows.slice(0, filter.limit));
  }

  async listWebhookAttempts(deliveryId: string): Promise<WebhookAttempt[]> {
    return copy(this.webhookAttempts.get(deliveryId) ?? []);
  }

  async replayWebhook(id: string, now: Date): Promise<WebhookDelivery | null> {
    const current = this.webhooks.get(id);
    if (!current || current.status === 'delivering') return null;
    const next: WebhookDelivery = {
      ...current,
      status: 'pending',
      nextAttemptAt: new Date(now),
      claimedBy: null,
      leaseUntil: null,
    };
    this.webhooks.set(id, next);
    return copy(next);
  }

  // Consent, survey, wrap-up

  async recordConsent(c: ConsentRecord): Promise<void> {
    if (this.consents.some((x) => x.id === c.id)) fail('consent_exists', `consent ${c.id} already exists`);
    if (!this.conversations.has(c.conversationId)) fail('conversation_not_found', 'the conversation does not exist');
    this.consents.push(copy(c));
  }

  async latestConsent(conversationId: string): Promise<ConsentRecord | null> {
    const mine = this.consents
      .filter((c) => c.conversationId === conversationId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byId(b, a));
    return copy(mine[0] ?? null);
  }

  async saveSurvey(s: SurveyResponse): Promise<void> {
    if (!this.conversations.has(s.conversationId)) fail('conversation_not_found', 'the conversation does not exist');
    const taken = this.surveys.has(s.conversationId) || [...this.surveys.values()].some((x) => x.id === s.id);
    if (taken) fail('survey_already_answered', `conversation ${s.conversationId} already has a survey answer`);
    this.surveys.set(s.conversationId, copy(s));
  }

  async getSurvey(conversationId: string): Promise<SurveyResponse | null> {
    return copy(this.surveys.get(conversationId) ?? null);
  }

  async saveWrapUp(w: WrapUp): Promise<WrapUp> {
    if (!this.handoffs.has(w.handoffId)) fail('handoff_not_found', `handoff ${w.handoffId} does not exist`);
    this.wrapUps.set(w.handoffId, copy(w));
    return copy(w);
  }

  async getWrapUp(handoffId: string): Promise<WrapUp | null> {
    return copy(this.wrapUps.get(handoffId) ?? null);
  }

  async handoffsForConversation(conversationId: string): Promise<Handoff[]> {
    return copy(
      [...this.handoffs.values()]
        .filter((h) => h.conversationId === conversationId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b)),
    );
  }

  // Audit log

  appendAudit(input: AuditInput, hash: (material: string) => string): Promise<AuditEntry> {
    return this.audit.appendAudit(input, hash);
  }

  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.audit.listAudit(afterSeq, limit);
  }

  // Retention and subject rights (P7)

  async listConsents(conversationId: string): Promise<ConsentRecord[]> {
    return copy(
      this.consents
        .filter((c) => c.conversationId === conversationId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b)),
    );
  }

  async expireTranscripts(closedBefore: Date, limit: number): Promise<WipedTranscripts> {
    const due = [...this.conversations.values()]
      .filter((c) => c.status === 'closed' && c.closedAt !== null && c.closedAt.getTime() < closedBefore.getTime())
      .filter(
        (c) =>
          (this.turns.get(c.id) ?? []).some((t) => needsWipe(t) || this.originals.has(t.id)) || this.hasFreeText(c.id),
      )
      .sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0) || byId(a, b))
      .slice(0, limit);
    return this.wipeConversations(due.map((c) => c.id));
  }

  async expireCrmData(lastContactBefore: Date, limit: number): Promise<string[]> {
    const cutoff = lastContactBefore.getTime();
    const contacted = new Set(
      [...this.conversations.values()]
        .filter((c) => c.customerId !== null && c.createdAt.getTime() >= cutoff)
        .map((c) => c.customerId),
    );
    const due = [...this.customers.values()]
      .filter((c) => c.createdAt.getTime() < cutoff && !contacted.has(c.id) && Object.keys(c.attributes).length > 0)
      .sort(oldestFirst)
      .slice(0, limit);
    for (const c of due) this.customers.set(c.id, { ...c, attributes: {} });
    return due.map((c) => c.id);
  }

  async eraseCustomer(customerId: string): Promise<WipedTranscripts> {
    const customer =
      this.customers.get(customerId) ?? fail('customer_not_found', `customer ${customerId} does not exist`);
    const theirs = [...this.conversations.values()].filter((c) => c.customerId === customerId).sort(byId);
    const open = theirs.find((c) => c.status !== 'closed');
    if (open !== undefined) {
      fail('conversation_open', "close the customer's conversations before erasing them", { conversationId: open.id });
    }
    this.customers.set(customerId, {
      ...customer,
      externalId: null,
      name: null,
      email: null,
      phone: null,
      attributes: {},
    });
    return this.wipeConversations(theirs.map((c) => c.id));
  }

  async wipeTranscript(conversationId: string): Promise<WipedTranscripts> {
    if (!this.conversations.has(conversationId)) return { conversationIds: [], turns: 0 };
    return this.wipeConversations([conversationId]);
  }

  async replaceTurnContent(
    updates: readonly Pick<StoredTurn, 'id' | 'text' | 'decision' | 'escalationState'>[],
  ): Promise<void> {
    const byTurnId = new Map(updates.map((u) => [u.id, u]));
    for (const [conversationId, list] of this.turns) {
      if (!list.some((t) => byTurnId.has(t.id))) continue;
      this.turns.set(
        conversationId,
        list.map((t) => {
          const u = byTurnId.get(t.id);
          return u === undefined
            ? t
            : copy({ ...t, text: u.text, decision: u.decision, escalationState: u.escalationState });
        }),
      );
    }
  }

  async discardTurnOriginals(conversationId: string): Promise<number> {
    let dropped = 0;
    for (const [turnId, kept] of this.originals)
      if (kept.conversationId === conversationId && this.originals.delete(turnId)) dropped++;
    return dropped;
  }

  async findCustomers(query: { email?: string; phone?: string; externalId?: string }): Promise<Customer[]> {
    const { email, phone, externalId } = query;
    return copy(
      [...this.customers.values()]
        .filter(
          (c) =>
            (email !== undefined && sameText(c.email, email)) ||
            (phone !== undefined && c.phone === phone) ||
            (externalId !== undefined && c.externalId === externalId),
        )
        .sort(oldestFirst)
        .slice(0, 50),
    );
  }

  /**
   * CRM data is kept in the clear in memory (nothing is at rest); kept originals arrive sealed and move to the
   * current key like the SQL store's, in turn id order.
   */
  async resealSensitiveFields(limit: number): Promise<number> {
    const cipher = this.cipher;
    if (cipher === undefined) return 0;
    const due = [...this.originals]
      .filter(([, kept]) => cipher.needsReseal(kept.sealed))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit);
    for (const [turnId, kept] of due) {
      const context = turnOriginalContext(kept.conversationId, turnId);
      this.originals.set(turnId, { ...kept, sealed: cipher.seal(cipher.open(kept.sealed, context), context) });
    }
    return due.length;
  }

  private hasFreeText(conversationId: string): boolean {
    const survey = this.surveys.get(conversationId);
    return (
      (survey !== undefined && survey.comment !== null) ||
      [...this.wrapUps.values()].some((w) => w.conversationId === conversationId && w.notes !== '') ||
      this.consults.holdsText(conversationId)
    );
  }

  private wipeConversations(ids: string[]): WipedTranscripts {
    let turns = 0;
    for (const id of ids) {
      const list = this.turns.get(id) ?? [];
      turns += list.filter(needsWipe).length;
      this.turns.set(id, list.map(wipeTurn));
      for (const t of list) this.originals.delete(t.id);
      const survey = this.surveys.get(id);
      if (survey !== undefined) this.surveys.set(id, { ...survey, comment: null });
      for (const w of this.wrapUps.values())
        if (w.conversationId === id) this.wrapUps.set(w.handoffId, { ...w, notes: '' });
    }
    this.consults.wipe(ids);
    return { conversationIds: ids, turns };
  }

  // Analytics

  async loadAnalyticsRecords(range: AnalyticsRange): Promise<AnalyticsRecords> {
    const from = range.from.getTime();
    const inRange = (c: Conversation) => c.createdAt.getTime() >= from && c.createdAt.getTime() < range.to.getTime();
    const conversations = [...this.conversations.values()]
      .filter(inRange)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b));
    const ids = new Set(conversations.map((c) => c.id));
    const customers = new Set(conversations.flatMap((c) => (c.customerId === null ? [] : [c.customerId])));
    const handoffs = [...this.handoffs.values()]
      .filter((h) => ids.has(h.conversationId))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b));
    const handoffIds = new Set(handoffs.map((h) => h.id));
    const turns = [...ids]
      .sort()
      .flatMap((id) => this.turns.get(id) ?? [])
      .filter((t) => t.role === 'customer' || t.role === 'agent')
      .map(({ conversationId, seq, role, authorId, createdAt, annotations, decision }) => ({
        conversationId,
        seq,
        role,
        authorId,
        createdAt,
        annotations,
        decision,
      }));
    const contacts = [...this.conversations.values()]
      .filter(
        (c) =>
          c.customerId !== null &&
          customers.has(c.customerId) &&
          c.createdAt.getTime() >= from &&
          c.createdAt.getTime() < range.contactsUntil.getTime(),
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b))
      .map((c) => ({ conversationId: c.id, customerId: c.customerId ?? '', createdAt: c.createdAt }));
    return copy({
      conversations,
      handoffs,
      reservations: [...this.reservations.values()]
        .filter((r) => handoffIds.has(r.handoffId))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b)),
      turns,
      wrapUps: [...this.wrapUps.values()].filter((w) => handoffIds.has(w.handoffId)),
      surveys: [...this.surveys.values()].filter((s) => ids.has(s.conversationId)),
      contacts,
    });
  }

  async close(): Promise<void> {}

  // Constraints, mirrored from schema.ts

  private requireCustomer(customerId: string | null): void {
    if (customerId !== null && !this.customers.has(customerId)) {
      fail('customer_not_found', `customer ${customerId} does not exist`);
    }
  }

  private checkHandoff(h: Handoff): void {
    const clash = [...this.handoffs.values()].some(
      (o) => o.id !== h.id && o.conversationId === h.conversationId && isOpen(o.status),
    );
    if (isOpen(h.status) && clash) fail('handoff_already_open', `conversation ${h.conversationId} has an open handoff`);
    if (!this.conversations.has(h.conversationId)) fail('conversation_not_found', 'the conversation does not exist');
    if (!this.queues.has(h.queueId)) fail('queue_not_found', `queue ${h.queueId} does not exist`);
  }

  /** The same counting rule as drizzle/agent-load.ts. */
  private loadOf(agentId: string): Partial<Record<Channel, number>> {
    const carried = new Set<string>();
    for (const c of this.conversations.values()) {
      if (c.status === 'agent' && c.assignedAgentId === agentId) carried.add(c.id);
    }
    for (const r of this.reservations.values()) {
      const handoffStatus = this.handoffs.get(r.handoffId)?.status;
      const live =
        r.status === 'pending' ||
        (r.status === 'accepted' && (handoffStatus === 'offered' || handoffStatus === 'assigned'));
      if (r.agentId === agentId && live) carried.add(r.conversationId);
    }
    const active: Partial<Record<Channel, number>> = {};
    for (const id of carried) {
      const channel = this.conversations.get(id)?.channel;
      if (channel) active[channel] = (active[channel] ?? 0) + 1;
    }
    return active;
  }
}
