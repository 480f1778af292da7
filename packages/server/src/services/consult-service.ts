import {
  DomainError,
  OPEN_CONSULT_STATUSES,
  type Agent,
  type Consult,
  type ConsultEndReason,
  type ConsultMessage,
  type ConsultStatus,
  type Conversation,
  type Handoff,
} from '@baton/core';
import type { AgentServerFrame, ConsultSnapshot, ConsultView, ContextPreview } from '@baton/contracts';
import type { ServiceDeps } from './deps.ts';
import type { ConversationService } from './conversation-service.ts';
import type { ContextService } from './context-service.ts';
import { subjects, type AgentEvent } from '../realtime/subjects.ts';

/** How a warm transfer moved the conversation (AgentActionsService carries it out). */
export interface WarmTransferOutcome {
  /** The handoff that now carries the conversation. */
  handoff: Handoff;
  /** True when the colleague got it directly; false when they could no longer take it and it was queued. */
  direct: boolean;
}

/** The part of AgentActionsService a consult needs to complete as a warm transfer. */
export interface WarmTransfer {
  warmTransfer(owner: Agent, colleague: Agent, consult: Consult): Promise<WarmTransferOutcome>;
}

/**
 * Consults (R9, A6): the agent who owns a conversation asks a colleague for help in a private side thread,
 * then ends it or completes it as a warm transfer.
 *
 * Privacy: a consult and its messages are stored in their own tables and travel only as agent frames to its
 * two agents (`baton.agent.<id>`), never as turns, status or lifecycle events, so the widget, the customer
 * socket, bots and webhooks cannot carry them. The colleague reads the transcript and context package only
 * through this service, only while the consult is active, and every such read is audited as data access.
 *
 * Capacity: a consult reserves nothing, so it never counts against the colleague's chat capacity; only the
 * warm transfer does, through the same `reserve` / `acceptReservation` path as any offer.
 *
 * Concurrency: one open consult per conversation is a unique index; every status change is compare-and-set,
 * so two instances (or a double click) acting on one consult never both win.
 */
export class ConsultService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
    private readonly context: ContextService,
    private readonly warm: WarmTransfer,
  ) {}

  /**
   * Asks `colleagueId` to help on a conversation `owner` is handling. Throws `consult_to_self`, `not_owner`,
   * `agent_not_found`, `colleague_offline`, or `consult_already_open` (one consult at a time per conversation).
   */
  async start(owner: Agent, conversationId: string, colleagueId: string, note = ''): Promise<ConsultView> {
    const { store, clock, ids } = this.deps;
    if (colleagueId === owner.id) throw new DomainError('consult_to_self', 'pick a colleague, not yourself');
    const { handoff } = await this.owned(owner.id, conversationId);
    const colleague = await store.getAgent(colleagueId);
    if (colleague === null)
      throw new DomainError('agent_not_found', `no agent ${colleagueId}`, { agentId: colleagueId });
    if (colleague.presence === 'offline') {
      throw new DomainError('colleague_offline', `${colleague.name} is offline`, { agentId: colleagueId });
    }
    const consult: Consult = {
      id: ids.next('cst'),
      conversationId,
      handoffId: handoff.id,
      ownerId: owner.id,
      colleagueId,
      note: note.trim(),
      status: 'requested',
      endReason: null,
      createdAt: clock.now(),
      acceptedAt: null,
      endedAt: null,
    };
    await store.createConsult(consult); // consult_already_open when another one is open, on any instance
    this.audit(owner.id, consult, 'consult.requested');
    return this.publishUpdate(consult);
  }

  /**
   * The colleague accepts: the consult becomes active and they receive the transcript and context package,
   * recorded as data access. Throws `consult_not_found`, `consult_not_pending`, `consult_ended` (the
   * conversation moved on meanwhile).
   */
  async accept(colleague: Agent, consultId: string): Promise<ConsultView> {
    const consult = await this.mine(colleague.id, consultId, 'colleague');
    if (consult.status !== 'requested') this.notPending(consult);
    const { conversation, handoff } = await this.stillOwned(consult);
    const active = await this.deps.store.updateConsult(
      { ...consult, status: 'active', acceptedAt: this.deps.clock.now() },
      'requested',
    );
    if (active === null) this.notPending((await this.deps.store.getConsult(consultId)) ?? consult);
    this.audit(colleague.id, active, 'consult.accepted');
    const view = await this.publishUpdate(active);
    const context = await this.readFor(colleague.id, active, conversation, handoff, 'consult');
    await this.publish(colleague.id, { type: 'consult.context', consultId, context });
    return view;
  }

  /** The colleague declines a request. Throws `consult_not_found`, `consult_not_pending`. */
  async decline(colleague: Agent, consultId: string): Promise<ConsultView> {
    const consult = await this.mine(colleague.id, consultId, 'colleague');
    if (consult.status !== 'requested') this.notPending(consult);
    const declined = await this.finish(consult, 'requested', 'declined', 'declined');
    if (declined === null) this.notPending((await this.deps.store.getConsult(consultId)) ?? consult);
    this.audit(colleague.id, declined, 'consult.declined');
    return this.publishUpdate(declined);
  }

  /** An internal side-thread message from either agent, while active. Throws `consult_not_active`. */
  async message(agent: Agent, consultId: string, text: string): Promise<void> {
    const consult = await this.mine(agent.id, consultId, 'either');
    if (consult.status !== 'active') {
      throw new DomainError('consult_not_active', `the consult is ${consult.status}`, { status: consult.status });
    }
    const message: ConsultMessage = {
      id: this.deps.ids.next('cmsg'),
      consultId,
      authorId: agent.id,
      text,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.store.addConsultMessage(message);
    const frame: AgentServerFrame = {
      type: 'consult.message',
      message: { ...message, authorName: agent.name, createdAt: message.createdAt.toISOString() },
    };
    await Promise.all([this.publish(consult.ownerId, frame), this.publish(consult.colleagueId, frame)]);
  }

  /**
   * The owner ends the consult (or withdraws a request not yet answered); the colleague leaves an active one
   * (leaving a request is declining it). Throws `consult_not_found`, `consult_not_active`.
   */
  async end(agent: Agent, consultId: string): Promise<ConsultView> {
    const consult = await this.mine(agent.id, consultId, 'either');
    const isOwner = consult.ownerId === agent.id;
    if (!isOwner && consult.status === 'requested') return this.decline(agent, consultId);
    if (!OPEN_CONSULT_STATUSES.includes(consult.status)) {
      throw new DomainError('consult_not_active', `the consult is already ${consult.status}`, {
        status: consult.status,
      });
    }
    const reason: ConsultEndReason = isOwner ? 'ended_by_owner' : 'left_by_colleague';
    const ended = await this.finish(consult, consult.status, 'ended', reason);
    if (ended === null) {
      const now = await this.deps.store.getConsult(consultId);
      throw new DomainError('consult_not_active', 'the consult changed meanwhile', { status: now?.status });
    }
    this.audit(agent.id, ended, 'consult.ended', { endReason: reason });
    return this.publishUpdate(ended);
  }

  /**
   * The owner completes an active consult as a warm transfer: the conversation moves to the colleague, whose
   * capacity is checked by the same reservation as any offer. Throws `not_owner`, `consult_not_active`,
   * `colleague_unavailable`, `colleague_at_capacity` (nothing changed then).
   */
  async transfer(owner: Agent, consultId: string): Promise<WarmTransferOutcome> {
    const consult = await this.mine(owner.id, consultId, 'either');
    if (consult.ownerId !== owner.id) throw new DomainError('not_owner', 'only the agent who asked can transfer');
    if (consult.status !== 'active') {
      throw new DomainError('consult_not_active', `the consult is ${consult.status}`, { status: consult.status });
    }
    await this.stillOwned(consult);
    const colleague = await this.deps.store.getAgent(consult.colleagueId);
    if (colleague === null) throw new DomainError('agent_not_found', `no agent ${consult.colleagueId}`);
    const outcome = await this.warm.warmTransfer(owner, colleague, consult);
    const stored = (await this.deps.store.getConsult(consultId)) ?? consult;
    this.audit(owner.id, stored, 'consult.transferred', {
      toAgentId: colleague.id,
      handoffId: outcome.handoff.id,
      direct: outcome.direct,
    });
    return outcome;
  }

  /**
   * Claims an active consult for its warm transfer (active → transferred), so the colleague can no longer
   * leave it halfway; null when it is no longer active. Called by AgentActionsService before it moves anything.
   */
  async claimForTransfer(consult: Consult): Promise<Consult | null> {
    const claimed = await this.finish(consult, 'active', 'transferred', 'transferred');
    if (claimed !== null) await this.publishUpdate(claimed);
    return claimed;
  }

  /** Gives a claimed consult back as ended when its transfer could not start (the conversation moved on). */
  async releaseClaim(consult: Consult): Promise<void> {
    const ended = await this.finish(consult, 'transferred', 'ended', 'conversation_moved');
    if (ended !== null) await this.publishUpdate(ended);
  }

  /**
   * Ends the open consults of a conversation that left its owner (closed, transferred, handed back): the
   * colleague's read access ends with it. Safe to call twice and from any instance (compare-and-set).
   */
  async endForConversation(conversationId: string): Promise<void> {
    const open = await this.deps.store.listConsults({ conversationId, status: [...OPEN_CONSULT_STATUSES] });
    for (const c of open) {
      const ended = await this.finish(c, c.status, 'ended', 'conversation_moved');
      if (ended === null) continue;
      this.audit(null, ended, 'consult.ended', { endReason: 'conversation_moved' });
      await this.publishUpdate(ended);
    }
  }

  /**
   * What the agent's workspace restores on (re)connect: open consults on either side, with the context for
   * the colleague of an active one (audited as a read), and the threads of consults that became a warm transfer
   * of a conversation the agent now owns (the thread stays with the conversation).
   */
  async snapshotsFor(agentId: string, ownedConversationIds: readonly string[]): Promise<ConsultSnapshot[]> {
    const { store } = this.deps;
    const open = await store.listConsults({ agentId, status: [...OPEN_CONSULT_STATUSES] });
    const owned = new Set(ownedConversationIds);
    const transferred = (await store.listConsults({ agentId, status: ['transferred'] })).filter(
      (c) => c.colleagueId === agentId && owned.has(c.conversationId),
    );
    const out: ConsultSnapshot[] = [];
    for (const c of [...open, ...transferred]) {
      const consult = await this.present(c);
      if (c.status !== 'active' || c.colleagueId !== agentId) {
        out.push({ consult });
        continue;
      }
      const conversation = await store.getConversation(c.conversationId);
      const handoff = await store.getHandoff(c.handoffId);
      if (conversation === null || handoff === null) continue;
      out.push({ consult, context: await this.readFor(agentId, c, conversation, handoff, 'consult_reconnect') });
    }
    return out;
  }

  /** The consult as agents see it: names, the customer's name, the thread so far. */
  async present(c: Consult): Promise<ConsultView> {
    const { store } = this.deps;
    const [owner, colleague, conversation, messages] = await Promise.all([
      store.getAgent(c.ownerId),
      store.getAgent(c.colleagueId),
      store.getConversation(c.conversationId),
      store.listConsultMessages(c.id),
    ]);
    const customer = conversation?.customerId == null ? null : await store.getCustomer(conversation.customerId);
    const names = new Map([
      [c.ownerId, owner?.name ?? c.ownerId],
      [c.colleagueId, colleague?.name ?? c.colleagueId],
    ]);
    const iso = (d: Date | null) => (d === null ? null : d.toISOString());
    return {
      id: c.id,
      conversationId: c.conversationId,
      handoffId: c.handoffId,
      owner: { id: c.ownerId, name: names.get(c.ownerId) ?? c.ownerId },
      colleague: { id: c.colleagueId, name: names.get(c.colleagueId) ?? c.colleagueId },
      note: c.note,
      status: c.status,
      endReason: c.endReason,
      customerName: customer?.name ?? null,
      createdAt: c.createdAt.toISOString(),
      acceptedAt: iso(c.acceptedAt),
      endedAt: iso(c.endedAt),
      messages: messages.map((m) => ({
        ...m,
        authorName: names.get(m.authorId) ?? m.authorId,
        createdAt: m.createdAt.toISOString(),
      })),
    };
  }

  /** The consult, if `agentId` takes part in it on `side`; `consult_not_found` otherwise (no leak of others'). */
  private async mine(agentId: string, consultId: string, side: 'colleague' | 'either'): Promise<Consult> {
    const c = await this.deps.store.getConsult(consultId);
    const allowed = c !== null && (c.colleagueId === agentId || (side === 'either' && c.ownerId === agentId));
    if (!allowed) throw new DomainError('consult_not_found', `no consult ${consultId} for you`);
    return c;
  }

  /** The conversation and handoff, when `agentId` owns the conversation; `not_owner` otherwise. */
  private async owned(
    agentId: string,
    conversationId: string,
  ): Promise<{ conversation: Conversation; handoff: Handoff }> {
    const conversation = await this.conversations.get(conversationId);
    const handoff =
      conversation.assignedAgentId === agentId && conversation.status === 'agent'
        ? await this.deps.store.openHandoffForConversation(conversationId)
        : null;
    if (handoff === null || handoff.status !== 'assigned' || handoff.assignedAgentId !== agentId) {
      throw new DomainError('not_owner', 'you do not own this conversation', { conversationId });
    }
    return { conversation, handoff };
  }

  /** The consult's conversation, still with its owner under the same handoff; else the consult ends. */
  private async stillOwned(c: Consult): Promise<{ conversation: Conversation; handoff: Handoff }> {
    try {
      const found = await this.owned(c.ownerId, c.conversationId);
      if (found.handoff.id === c.handoffId) return found;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    await this.endForConversation(c.conversationId);
    throw new DomainError('consult_ended', 'the conversation has moved on; the consult is over');
  }

  private notPending(c: Consult): never {
    throw new DomainError('consult_not_pending', `the consult is already ${c.status}`, { status: c.status });
  }

  /** Compare-and-set from `expected` to a closed status. */
  private finish(
    c: Consult,
    expected: ConsultStatus,
    status: ConsultStatus,
    endReason: ConsultEndReason,
  ): Promise<Consult | null> {
    return this.deps.store.updateConsult({ ...c, status, endReason, endedAt: this.deps.clock.now() }, expected);
  }

  /** The transcript and context package for the colleague, recorded as data access (P4). */
  private async readFor(
    agentId: string,
    c: Consult,
    conversation: Conversation,
    handoff: Handoff,
    via: string,
  ): Promise<ContextPreview> {
    // the package shows what the colleague's role may see (P3); consults are rare, so one read of the role
    const reader = (await this.deps.store.getAgent(agentId))?.role ?? 'agent';
    const preview = await this.context.preview(handoff, conversation, reader);
    const at = this.deps.clock.now();
    this.deps.audit.record({
      eventId: `read:${via}:${c.id}:${agentId}:${at.getTime()}`,
      at,
      actor: `agent:${agentId}`,
      action: 'data.read',
      subject: `conversation:${c.conversationId}`,
      data: { via, what: 'context_package', consultId: c.id },
    });
    return preview;
  }

  /** A consult step in the audit trail: who, which consult, between whom. Never the note or messages. */
  private audit(
    actorId: string | null,
    c: Consult,
    action: `consult.${string}`,
    extra: Record<string, unknown> = {},
  ): void {
    const at = this.deps.clock.now();
    this.deps.audit.record({
      eventId: `${action}:${c.id}:${at.getTime()}`,
      at,
      actor: actorId === null ? 'system' : `agent:${actorId}`,
      action,
      subject: `consult:${c.id}`,
      data: {
        conversationId: c.conversationId,
        handoffId: c.handoffId,
        ownerId: c.ownerId,
        colleagueId: c.colleagueId,
        status: c.status,
        ...extra,
      },
    });
  }

  /** Tells both agents, wherever they are connected, that the consult changed. */
  private async publishUpdate(c: Consult): Promise<ConsultView> {
    const consult = await this.present(c);
    const frame: AgentServerFrame = { type: 'consult.updated', consult };
    await Promise.all([this.publish(c.ownerId, frame), this.publish(c.colleagueId, frame)]);
    return consult;
  }

  private async publish(agentId: string, frame: AgentServerFrame): Promise<void> {
    const event: AgentEvent = { kind: 'agent', agentId, frame };
    await this.deps.bus.publish(subjects.agent(agentId), event);
  }
}
