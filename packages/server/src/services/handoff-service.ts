import {
  DomainError,
  matchAgent,
  transitionHandoff,
  type Conversation,
  type AgentLoad,
  type Decision,
  type Handoff,
  type HandoffEffect,
  type HandoffStatus,
  type Presence,
  type Queue,
  type Reservation,
} from '@baton/core';
import type { HandoffNotice, PublicTurn } from '@baton/contracts';
import type { ServiceDeps } from './deps.ts';
import type { ConversationService } from './conversation-service.ts';
import type { ContextService } from './context-service.ts';
import { RoutingPlanner } from './routing-plan.ts';
import { AgentLoadView } from './agent-load-view.ts';
import { describeWait, LIVE_UPDATE_LIMIT, WAITING_LIMIT, WaitService } from './wait-service.ts';
import { presentHandoff, presentHandoffNotice, presentReservation } from './presenters.ts';
import {
  subjects,
  type AgentEvent,
  type LifecycleEvent,
  type LifecycleEventName,
  type QueueSettingsEvent,
  type WaitEvent,
} from '../realtime/subjects.ts';

/** Changes to a queue within this window share one round of wait updates, ms. */
const REFRESH_COALESCE_MS = 250;

/** Offers tried per routing pass before giving up until the next trigger (an agent freeing capacity). */
const MAX_OFFER_ATTEMPTS = 20;

/** A "nobody can take it" from the load view is re-checked on a read at most this old before a handoff waits, ms. */
const NONE_RECHECK_MS = 100;

/** How often each instance looks for offers whose timer died with another instance (S3). */
const OFFER_SWEEP_MS = 2_000;

/** The parts of a handoff notice that only the handoff's lifecycle changes (see `noticeBasisFor`). */
export interface NoticeBasis {
  handoff: Handoff;
  queue: Queue | null;
  agentName: string | null;
}

/**
 * The handoff lifecycle around the pure transition in core: start, route (match + atomic reserve), accept,
 * reject, time out, end. Routing is event-driven: a new handoff, a declined offer, an agent becoming
 * available or freeing capacity each trigger it; there is no polling loop.
 */
export class HandoffService {
  private conversations!: ConversationService;

  private readonly waits: WaitService;
  private readonly pendingRefresh = new Set<string>();
  private readonly lifecycleListeners = new Set<(event: LifecycleEvent) => void>();
  /** See onAgentReleased; nothing until the wrap-up timer registers. */
  private agentReleased: (agentId: string) => Promise<void> = async () => undefined;
  /** Agents' loads for matching, kept between routing passes (see AgentLoadView for why it is safe). */
  readonly loads: AgentLoadView;
  /** Routing rules, preferred agent, escalation steps and ageing of the policy (R3, R4, R6, R7). */
  private readonly routing: RoutingPlanner;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly context: ContextService,
  ) {
    this.loads = new AgentLoadView(deps.store);
    this.routing = new RoutingPlanner(deps);
    this.waits = new WaitService(deps, this.loads);
  }

  /** Late binding: the two services call each other (system messages ↔ handoff start). */
  bind(conversations: ConversationService): void {
    this.conversations = conversations;
  }

  /**
   * Starts a handoff for a `handoff` decision. `say` writes Baton's notice to the customer; the caller
   * passes its own writer because it already holds the conversation's turn lane.
   */
  async start(
    conversation: Conversation,
    decision: Decision,
    say: (text: string) => Promise<PublicTurn>,
  ): Promise<{ conversation: Conversation; notice: PublicTurn }> {
    const { store, ids, clock } = this.deps;
    const { queue, ...routed } = await this.routing.plan(conversation, decision);
    const reason = decision.reason ?? {
      code: decision.rule ?? 'handoff',
      agent: 'The assistant handed this conversation off.',
      customer: 'A person can help you better with this.',
    };
    const handoff: Handoff = {
      id: ids.next('ho'),
      conversationId: conversation.id,
      queueId: queue.id,
      status: 'queued',
      priority: queue.priority + routed.priority,
      reason: this.routing.explain(reason, routed.routing),
      rule: decision.rule,
      declinedBy: [],
      assignedAgentId: null,
      createdAt: clock.now(),
      assignedAt: null,
      endedAt: null,
      routing: routed.routing,
    };
    // The handoff and the conversation's status in one statement (both or neither, one round trip).
    const updated = await store.queueHandoff(handoff, clock.now());
    await this.publishLifecycle('handoff.created', handoff, null);
    this.waits.invalidate(queue.id); // the new handoff is not in any earlier snapshot
    // Offer first: the agent's screen pop does not wait for the customer's wait estimate. The notice below is
    // still written before anything the agent does shows in the conversation (the caller holds its lane).
    // Just written by this call: no need to read them back.
    await this.route(handoff.id, { handoff, queue, conversation: updated });
    const waits = await this.waits.forQueue(queue, WAITING_LIMIT);
    const wait = waits.get(handoff.id) ?? null;
    // Never promise a person when nobody can come (R10): then the wait sentence says so instead.
    const nobody = wait !== null && wait.estimatedWaitSeconds === null;
    const joins = nobody ? '' : ` A person from our ${queue.name} team will join this chat.`;
    const notice = await say(`${reason.customer}${joins}${wait === null ? '' : ` ${describeWait(wait)}`}`);
    await this.conversations.publishStatus(updated);
    // A higher-priority arrival moves others back; one that joins at the end of the line moves nobody, so
    // nobody is sent an update (with hundreds waiting, that round cost more than the handoff itself).
    if (wait !== null && wait.position < waits.size) this.refreshWaiting(queue.id);
    return { conversation: updated, notice };
  }

  /** Tries to offer one queued handoff to an eligible agent. Returns the reservation made, if any. */
  async route(
    handoffId: string,
    known?: { handoff: Handoff; queue: Queue; conversation: Conversation },
  ): Promise<Reservation | null> {
    const { store, ids, clock } = this.deps;
    const handoff = known?.handoff ?? (await store.getHandoff(handoffId));
    if (handoff === null || handoff.status !== 'queued') return null;
    const [found, conversation] =
      known === undefined
        ? await Promise.all([store.getQueue(handoff.queueId), store.getConversation(handoff.conversationId)])
        : [known.queue, known.conversation];
    if (found === null || conversation === null) return null;
    // Escalation steps due by now (R6), then the match's skills, preferred agent and hold (R3, R4).
    const plan = await this.routing.prepare(handoff, found);
    if (plan === null) return null;
    const { queue } = plan;
    const tried: string[] = [];
    const req = { queue, channel: conversation.channel, language: conversation.language };
    for (let attempt = 0; attempt < MAX_OFFER_ATTEMPTS; attempt++) {
      const pick = (loads: readonly AgentLoad[]) => {
        // Agents who declined get it again only when nobody else can take it.
        const m = matchAgent(
          loads,
          this.routing.request(plan, loads, { ...req, exclude: [...handoff.declinedBy, ...tried] }),
        );
        return m.type === 'none' && handoff.declinedBy.length > 0
          ? matchAgent(loads, this.routing.request(plan, loads, { ...req, exclude: tried }))
          : m;
      };
      let loads = await this.loads.get();
      let match = pick(loads);
      // The view may be stale: "nobody" is only believed from a fresh read.
      if (match.type === 'none' && !this.loads.freshWithin(NONE_RECHECK_MS))
        match = pick((loads = await this.loads.get(0)));
      if (match.type === 'none') {
        this.routing.arm(plan, () => this.route(handoff.id)); // look again when the hold ends or a step is due
        return null;
      }
      const now = clock.now();
      const reservation: Reservation = {
        id: ids.next('res'),
        handoffId: handoff.id,
        conversationId: handoff.conversationId,
        agentId: match.agentId,
        status: 'pending',
        createdAt: now,
        expiresAt: new Date(now.getTime() + queue.offerTimeoutSeconds * 1000),
        respondedAt: null,
      };
      // The screen pop's transcript and customer are read while the offer is written, not after: they do not
      // depend on it. (Read for nothing in the rare case the reserve fails; a failed read fails the preview.)
      const reading = this.context.readParts(conversation);
      reading.catch(() => undefined);
      const outcome = await store.reserve(reservation, conversation.channel);
      if (outcome.type === 'handoff_not_queued') return null;
      if (outcome.type === 'agent_unavailable') {
        this.loads.markFull(match.agentId, conversation.channel);
        tried.push(match.agentId);
        continue;
      }
      this.loads.noteOffer(match.agentId, conversation.channel, now);
      this.scheduleTimeout(outcome.reservation);
      await this.publishLifecycle('handoff.offered', outcome.handoff, match.agentId);
      await this.publishAgent(match.agentId, {
        type: 'offer',
        reservation: presentReservation(outcome.reservation),
        // the package shows what the offered agent's role may see (P3); the view already holds their role
        context: await this.context.preview(
          outcome.handoff,
          conversation,
          loads.find((l) => l.agent.id === match.agentId)?.agent.role ?? 'agent',
          reading,
        ),
      });
      this.auditRead(match.agentId, handoff.conversationId, 'offer', outcome.reservation.id);
      return outcome.reservation;
    }
    return null;
  }

  /** Routes every queued handoff, highest priority with ageing first (R7), then oldest. */
  async routeWaiting(): Promise<void> {
    // Called when capacity or presence changed: the view predates the change.
    this.loads.invalidate();
    const queued = await this.deps.store.listHandoffs({ status: ['queued'] });
    for (const h of this.routing.order(queued)) {
      const r = await this.route(h.id);
      if (r === null && (await this.noAgentFree())) return;
    }
  }

  private async noAgentFree(): Promise<boolean> {
    const loads = await this.loads.get(NONE_RECHECK_MS);
    return !loads.some((l) => l.agent.presence === 'available');
  }

  private scheduleTimeout(r: Reservation): void {
    this.deps.scheduler.at(`reservation:${r.id}`, r.expiresAt, async () => {
      // Nothing to decline: accepted meanwhile, or an offer PostgreSQL forgot (it crashed within the offer's
      // asynchronous commit, see the store's `reserve`), whose handoff was left queued: route that one.
      if (!(await this.decline(r.id, 'timed_out'))) await this.route(r.handoffId);
    });
  }

  private async ownReservation(agentId: string, reservationId: string): Promise<Reservation> {
    const r = await this.deps.store.getReservation(reservationId);
    if (r === null || r.agentId !== agentId) {
      throw new DomainError('reservation_not_found', `no offer ${reservationId} for this agent`);
    }
    if (r.status !== 'pending') {
      throw new DomainError('reservation_not_pending', `the offer is already ${r.status}`, { status: r.status });
    }
    return r;
  }

  async accept(agentId: string, reservationId: string): Promise<Conversation> {
    const { store, clock } = this.deps;
    await this.ownReservation(agentId, reservationId);
    const now = clock.now();
    // One transaction for the reservation, the handoff and the conversation: an accepted reservation always
    // belongs to an assigned handoff whose conversation is with that agent, even when the customer leaves or
    // the offer expires on another instance at the same moment, or this process dies right after.
    const accepted = await store.acceptReservation(reservationId, now, (h) => {
      const [next] = transitionHandoff(h, { type: 'accept', agentId, at: now });
      return next;
    });
    if (accepted === null) throw new DomainError('reservation_not_pending', 'the offer is no longer open');
    this.deps.scheduler.cancel(`reservation:${reservationId}`);
    const { handoff, conversation } = accepted;
    await this.publishLifecycle('handoff.accepted', handoff, agentId);
    // The customer left as the agent accepted: the close path completes the handoff it finds assigned.
    if (conversation === null) throw new DomainError('conversation_closed', 'the customer has left');
    const agent = await store.getAgent(agentId);
    await this.publishAgent(agentId, { type: 'offer.ended', reservationId, status: 'accepted' });
    await this.publishAgent(agentId, {
      type: 'conversation.assigned',
      conversation: await this.context.agentConversation(conversation),
    });
    this.auditRead(agentId, conversation.id, 'accept', reservationId);
    this.refreshWaiting(handoff.queueId);
    await this.conversations.publishStatus(conversation);
    await this.conversations.addSystemTurn(
      conversation.id,
      `${agent?.name ?? 'An agent'} has joined the conversation.`,
    );
    return conversation;
  }

  async reject(agentId: string, reservationId: string): Promise<void> {
    await this.ownReservation(agentId, reservationId);
    await this.decline(reservationId, 'rejected');
  }

  /**
   * Rejected, timed out or cancelled: the handoff goes back to the queue and is routed again. False when the
   * offer was no longer pending (nothing done).
   */
  async decline(reservationId: string, why: 'rejected' | 'timed_out' | 'cancelled'): Promise<boolean> {
    const { store, clock } = this.deps;
    const now = clock.now();
    // One transaction: the offer ends and its handoff goes back to the queue together.
    let effects: HandoffEffect[] = [];
    const declined = await store.declineReservation(reservationId, why, now, (h, r) => {
      const [next, after] = transitionHandoff(h, { type: 'decline', agentId: r.agentId, why, at: now });
      effects = after;
      return next;
    });
    if (declined === null) return false; // already accepted, declined or cancelled elsewhere
    const { reservation: resolved, handoff: saved } = declined;
    this.loads.invalidate(); // the agent's slot is free again
    this.deps.scheduler.cancel(`reservation:${reservationId}`);
    await this.publishAgent(resolved.agentId, { type: 'offer.ended', reservationId, status: why });
    // Not there to answer: away until they say otherwise (before the handoff is routed again, so not to them).
    if (why === 'timed_out' && this.deps.awayAfterMissedOffer !== false) {
      await this.setPresence(resolved.agentId, 'away', { reason: 'missed_offer', onlyFrom: 'available' });
    }
    if (saved === null) return true; // the handoff had moved on (the customer left)
    await this.publishLifecycle('handoff.declined', saved, resolved.agentId, why);
    for (const e of effects) if (e.type === 'route') await this.route(e.handoffId);
    return true;
  }

  /** Ends the conversation's open handoff (agent closed → completed; customer left → abandoned). */
  async endForConversation(
    conversationId: string,
    as: Extract<HandoffStatus, 'completed' | 'abandoned'>,
  ): Promise<void> {
    const { store, clock } = this.deps;
    // A few rounds: an offer accepted or re-queued between our read and our write changes what to do.
    for (let round = 0; round < 3; round++) {
      const handoff = await store.openHandoffForConversation(conversationId);
      if (handoff === null) return;
      const now = clock.now();
      if (handoff.status === 'assigned') {
        const [next] = transitionHandoff(handoff, { type: 'complete', at: now });
        const saved = await store.updateHandoff(next, 'assigned');
        if (saved === null) continue;
        this.loads.invalidate();
        // Before the caller routes again: an agent with wrap-up time must not be offered the freed slot.
        if (saved.assignedAgentId !== null) await this.agentReleased(saved.assignedAgentId);
        await this.publishLifecycle('handoff.completed', saved, saved.assignedAgentId);
        return;
      }
      if (as === 'completed') return;
      const [next] = transitionHandoff(handoff, { type: 'customer_left', at: now });
      const abandoned = await store.updateHandoff(next, handoff.status);
      if (abandoned === null) continue;
      this.loads.invalidate();
      await this.publishLifecycle('handoff.abandoned', abandoned, null);
      this.refreshWaiting(abandoned.queueId);
      // Listed after the handoff left `offered`: none of these can be accepted any more.
      for (const r of await store.listReservations({ handoffId: handoff.id, status: ['pending'] })) {
        if ((await store.resolveReservation(r.id, 'cancelled', now)) !== null) {
          this.deps.scheduler.cancel(`reservation:${r.id}`);
          await this.publishAgent(r.agentId, { type: 'offer.ended', reservationId: r.id, status: 'cancelled' });
        }
      }
      return;
    }
  }

  /**
   * Sets presence and its reason; leaving `available` withdraws pending offers, arriving triggers routing.
   * With `onlyFrom` it is a compare-and-set (a wrap-up timer ends wrap-up, not a break the agent chose since):
   * returns false, doing nothing, when the agent is no longer in that presence.
   */
  async setPresence(
    agentId: string,
    presence: Presence,
    options: { reason?: string | null; onlyFrom?: Presence } = {},
  ): Promise<boolean> {
    const { store, clock } = this.deps;
    const reason = options.reason ?? null;
    const saved =
      options.onlyFrom === undefined
        ? await store.setPresence(agentId, presence, clock.now(), reason)
        : await store.setPresenceIf(agentId, options.onlyFrom, presence, clock.now(), reason);
    if (saved === null) return false;
    this.loads.invalidate();
    await this.publishAgent(agentId, {
      type: 'presence',
      presence,
      reason,
      since: saved.presenceSince.toISOString(),
      wrapUpSeconds: saved.wrapUpSeconds ?? null,
    });
    if (presence === 'available') {
      await this.routeWaiting();
    } else {
      const pending = await store.listReservations({ agentId, status: ['pending'] });
      for (const r of pending) await this.decline(r.id, 'cancelled');
    }
    // Staffing changed: every queue's expected wait changes with it.
    this.refreshWaiting();
    return true;
  }

  /** What the customer is told about the conversation's handoff, if one is open or just finished. */
  async noticeFor(conversationId: string): Promise<HandoffNotice | null> {
    const basis = await this.noticeBasisFor(conversationId);
    return basis === null ? null : this.noticeFrom(basis);
  }

  /**
   * What a conversation's notice is made of apart from the wait: its open handoff (null: none), the queue and
   * the agent's name. It changes only with the handoff's lifecycle, which is announced on the bus, so callers
   * may keep it while the wait is taken fresh from the queue's snapshot (`noticeFrom`). Two or three reads.
   */
  async noticeBasisFor(conversationId: string): Promise<NoticeBasis | null> {
    const { store } = this.deps;
    const handoff = await store.openHandoffForConversation(conversationId);
    if (handoff === null) return null;
    const queue = await store.getQueue(handoff.queueId);
    const agent = handoff.assignedAgentId === null ? null : await store.getAgent(handoff.assignedAgentId);
    return { handoff, queue, agentName: agent?.name ?? null };
  }

  /** The notice for a basis, with the wait from the queue's shared snapshot (no read while it is fresh). */
  async noticeFrom({ handoff, queue, agentName }: NoticeBasis): Promise<HandoffNotice> {
    const wait = queue === null ? null : await this.waits.forHandoff(handoff, queue);
    return presentHandoffNotice(handoff, queue?.name ?? 'Support', agentName, wait);
  }

  /**
   * M2: tells everyone still waiting in a queue their new position and wait, after the queue moved
   * (someone was assigned or left, an agent came or went). In the background: never delays the caller.
   */
  refreshWaiting(queueId?: string): void {
    this.waits.invalidate(queueId);
    // Coalesced: a burst of changes to one queue sends one round of updates, not one per change.
    const key = queueId ?? '*';
    if (this.pendingRefresh.has(key)) return;
    this.pendingRefresh.add(key);
    setTimeout(() => {
      this.pendingRefresh.delete(key);
      this.refreshNow(queueId).catch((err: unknown) => this.deps.log.warn({ err }, 'wait updates not sent'));
    }, REFRESH_COALESCE_MS).unref();
  }

  private async refreshNow(queueId?: string): Promise<void> {
    const { store, bus } = this.deps;
    const queues = queueId === undefined ? await store.listQueues() : [await store.getQueue(queueId)];
    for (const queue of queues) {
      if (queue === null) continue;
      const waits = await this.waits.forQueue(queue, LIVE_UPDATE_LIMIT);
      if (waits.size === 0) continue;
      const waiting = await store.listHandoffs({
        status: ['queued', 'offered'],
        queueId: queue.id,
        limit: LIVE_UPDATE_LIMIT,
      });
      for (const h of waiting) {
        const event: WaitEvent = {
          kind: 'wait',
          conversationId: h.conversationId,
          handoff: presentHandoffNotice(h, queue.name, null, waits.get(h.id) ?? null),
        };
        await bus.publish(subjects.wait(h.conversationId), event);
      }
    }
  }

  /**
   * A person changed settings (a queue's, or an agent's when `queueId` is absent): every instance forgets what
   * it kept of a changed queue (the event), routing offers what now fits, and that queue's waiting customers are
   * told their notice again (new name, hours, wait) at once rather than when their kept copy would have aged out.
   */
  async settingsChanged(queueId?: string): Promise<void> {
    if (queueId !== undefined) {
      const event: QueueSettingsEvent = { kind: 'queue_settings', queueId };
      await this.deps.bus.publish(subjects.queueSettings(queueId), event);
    }
    await this.routeWaiting();
    this.refreshWaiting(queueId);
  }

  /** Drops the queue's wait snapshot (its settings changed on some instance); the next reader recomputes it. */
  forgetQueueSnapshot(queueId: string): void {
    this.waits.invalidate(queueId);
  }

  /** After a restart: re-arm timers of pending offers and route what is queued (S3). */
  async recover(): Promise<void> {
    const pending = await this.deps.store.listReservations({ status: ['pending'] });
    for (const r of pending) this.scheduleTimeout(r);
    await this.routeWaiting();
    this.scheduleSweep();
  }

  /**
   * Offer timers live in the instance that made the offer: when it dies, nobody else knows to time the
   * offer out, and the handoff would stay `offered` until that instance restarts (S3). Every instance
   * therefore sweeps the store for pending offers past their expiry and declines them as `timed_out`; the
   * decline is compare-and-set, so two instances sweeping the same offer is harmless.
   */
  async expireOverdue(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const pending = await this.deps.store.listReservations({ status: ['pending'] });
    const overdue = pending.filter((r) => r.expiresAt.getTime() <= now);
    for (const r of overdue) await this.decline(r.id, 'timed_out');
    return overdue.length;
  }

  private scheduleSweep(): void {
    const at = new Date(this.deps.clock.now().getTime() + OFFER_SWEEP_MS);
    this.deps.scheduler.at('reservations:sweep', at, async () => {
      try {
        await this.expireOverdue();
      } finally {
        this.scheduleSweep();
      }
    });
  }

  /** P4: who was given which conversation's context package, and through what. */
  private auditRead(agentId: string, conversationId: string, via: string, reservationId: string): void {
    this.deps.audit.record({
      eventId: `read:${via}:${reservationId}`,
      at: this.deps.clock.now(),
      actor: `agent:${agentId}`,
      action: 'data.read',
      subject: `conversation:${conversationId}`,
      data: { via, what: 'context_package', reservationId },
    });
  }

  private async publishLifecycle(
    name: LifecycleEventName,
    h: Handoff,
    agentId: string | null,
    detail?: string,
  ): Promise<void> {
    const event: LifecycleEvent = {
      kind: 'lifecycle',
      id: this.deps.ids.next('evt'),
      name,
      at: this.deps.clock.now().toISOString(),
      handoff: presentHandoff(h),
      agentId,
      ...(detail === undefined ? {} : { detail }),
    };
    // Listeners on this instance first (webhooks enqueue to the store outbox): the event is kept even when the
    // bus is down. A bus failure is logged, not thrown: the handoff change is already committed.
    for (const listener of this.lifecycleListeners) {
      try {
        listener(event);
      } catch (err) {
        this.deps.log.error({ err, event: name }, 'lifecycle listener failed');
      }
    }
    await this.deps.bus.publish(subjects.lifecycle(name), event).catch((err: unknown) => {
      this.deps.log.error({ err, event: name, handoffId: h.id }, 'lifecycle event not published on the bus');
    });
  }

  /**
   * Awaited when an agent's handoff completes through `endForConversation` (a close by either side), before
   * routing runs again; the wrap-up timer puts the agent into wrap-up here. Never throws: it logs.
   */
  onAgentReleased(fn: (agentId: string) => Promise<void>): void {
    this.agentReleased = async (agentId) => {
      await fn(agentId).catch((err: unknown) => this.deps.log.error({ err, agentId }, 'agent release hook failed'));
    };
  }

  /** Hears this instance's lifecycle events as they are made, without the bus (see publishLifecycle). */
  onLifecycle(listener: (event: LifecycleEvent) => void): () => void {
    this.lifecycleListeners.add(listener);
    return () => this.lifecycleListeners.delete(listener);
  }

  private async publishAgent(agentId: string, frame: AgentEvent['frame']): Promise<void> {
    const event: AgentEvent = { kind: 'agent', agentId, frame };
    await this.deps.bus.publish(subjects.agent(agentId), event);
  }

  /**
   * Offers a queued handoff to one named agent (a transfer to a colleague, R9), with the same reservation,
   * timeout and offer frame as `route`. Returns null when that agent cannot take it now (not available, at
   * capacity) or the handoff is no longer queued; the caller then routes it through the queue as usual.
   * Added for AgentActionsService; `route` is unchanged.
   */
  async offerTo(handoffId: string, agentId: string): Promise<Reservation | null> {
    const { store, ids, clock } = this.deps;
    const handoff = await store.getHandoff(handoffId);
    if (handoff === null || handoff.status !== 'queued') return null;
    const [queue, conversation] = await Promise.all([
      store.getQueue(handoff.queueId),
      store.getConversation(handoff.conversationId),
    ]);
    if (queue === null || conversation === null) return null;
    const now = clock.now();
    const outcome = await store.reserve(
      {
        id: ids.next('res'),
        handoffId: handoff.id,
        conversationId: handoff.conversationId,
        agentId,
        status: 'pending',
        createdAt: now,
        expiresAt: new Date(now.getTime() + queue.offerTimeoutSeconds * 1000),
        respondedAt: null,
      },
      conversation.channel,
    );
    if (outcome.type !== 'reserved') return null;
    this.scheduleTimeout(outcome.reservation);
    await this.publishLifecycle('handoff.offered', outcome.handoff, agentId);
    const agent = await store.getAgent(agentId);
    await this.publishAgent(agentId, {
      type: 'offer',
      reservation: presentReservation(outcome.reservation),
      context: await this.context.preview(outcome.handoff, conversation, agent?.role ?? 'agent'),
    });
    return outcome.reservation;
  }
}
