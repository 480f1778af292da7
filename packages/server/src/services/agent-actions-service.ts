import {
  DomainError,
  transitionHandoff,
  type Agent,
  type Consult,
  type Conversation,
  type Handoff,
  type Queue,
  type WrapUp,
  type WrapUpDisposition,
} from '@baton/core';
import type { AgentServerFrame, PublicTurn, TransferTargets, WrapUpView } from '@baton/contracts';
import type { ServiceDeps } from './deps.ts';
import type { ConversationService } from './conversation-service.ts';
import type { HandoffService } from './handoff-service.ts';
import type { ContextService } from './context-service.ts';
import { ConsultService, type WarmTransfer, type WarmTransferOutcome } from './consult-service.ts';
import { presentHandoff } from './presenters.ts';
import { WrapUpTimer } from './wrap-up-timer.ts';
import { subjects, type AgentEvent, type LifecycleEvent } from '../realtime/subjects.ts';

/** Where a transfer goes: a queue (routed as usual) or a named colleague (offered to them first). */
export type TransferTarget = { kind: 'queue'; queueId: string } | { kind: 'agent'; agentId: string };

/** What the agent records when a handoff ends (A6). */
export interface WrapUpInput {
  handoffId: string;
  disposition: WrapUpDisposition;
  notes: string;
  handoffNeeded: boolean;
}

/**
 * What an agent does with a conversation besides talking (A6, R9): transfer it to another queue or agent with
 * its context, hand it back to the assistant, and wrap up a handoff. Each ends the agent's handoff the same
 * way a close does (`complete`, compare-and-set), so capacity is freed and webhooks see `handoff.completed`;
 * a transfer then starts a new handoff through HandoffService, routed as usual.
 */
export class AgentActionsService implements WarmTransfer {
  /** Consults with a colleague (R9); their warm transfer comes back here (`warmTransfer`). */
  readonly consults: ConsultService;
  /** Puts agents into wrap-up as their conversations end and back to available after (R2). */
  readonly wrapUps: WrapUpTimer;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly handoffs: HandoffService,
    private readonly conversations: ConversationService,
    context: ContextService,
  ) {
    this.consults = new ConsultService(deps, conversations, context, this);
    this.wrapUps = new WrapUpTimer(deps, handoffs);
    // A conversation closed or abandoned on this instance ends its consult: the colleague's read access ends
    // with the owner's. Transfers and hand backs below end theirs themselves (they do not pass through here).
    handoffs.onLifecycle((event) => {
      if (event.name !== 'handoff.completed' && event.name !== 'handoff.abandoned') return;
      this.consults.endForConversation(event.handoff.conversationId).catch((err: unknown) => {
        deps.log.error(
          { err, conversationId: event.handoff.conversationId },
          'consult not ended with its conversation',
        );
      });
    });
  }

  /** Queues and colleagues (everyone but the asking agent) a conversation can be transferred to. */
  async transferTargets(agentId: string): Promise<TransferTargets> {
    const [queues, agents] = await Promise.all([this.deps.store.listQueues(), this.deps.store.listAgents()]);
    return {
      queues: queues.map((q) => ({ id: q.id, name: q.name })).sort((a, b) => a.name.localeCompare(b.name)),
      agents: agents
        // Colleagues who take conversations at all: an admin without capacity is no one to hand a customer to.
        .filter((a) => a.id !== agentId && Object.values(a.capacity).some((n) => (n ?? 0) > 0))
        .map((a) => ({ id: a.id, name: a.name, presence: a.presence }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /**
   * Transfers an owned conversation (R9). The agent's handoff completes; a new one carrying the original
   * reason and the agent's note starts in the target queue (or the current queue, offered first to the named
   * colleague). The customer is told a colleague will join.
   */
  async transfer(agent: Agent, conversationId: string, target: TransferTarget, note?: string): Promise<Handoff> {
    const { store } = this.deps;
    const { conversation, handoff } = await this.owned(agent, conversationId);
    const queueId = target.kind === 'queue' ? target.queueId : handoff.queueId;
    const queue = await store.getQueue(queueId);
    if (queue === null) throw new DomainError('queue_not_found', `no queue ${queueId}`, { queueId });
    if (target.kind === 'agent') {
      if (target.agentId === agent.id) throw new DomainError('transfer_to_self', 'pick a colleague, not yourself');
      if ((await store.getAgent(target.agentId)) === null) {
        throw new DomainError('agent_not_found', `no agent ${target.agentId}`, { agentId: target.agentId });
      }
    }
    const completed = await this.complete(handoff);
    await this.consults.endForConversation(conversation.id);
    const queued = await store.updateConversation(conversation.id, {
      status: 'queued',
      assignedAgentId: null,
      updatedAt: this.deps.clock.now(),
    });
    await this.release(agent.id, completed, 'transferred');
    const trimmed = note?.trim();
    const reason = {
      code: 'transfer',
      agent:
        `Transferred by ${agent.name}${trimmed ? `: ${trimmed}` : ''}. ` +
        `First handed off because: ${handoff.reason.agent}`,
      customer: `${agent.name} is passing your conversation to a colleague, with everything you have said so far.`,
    };
    // The transferring agent counts as having declined: offered back only if nobody else can take it.
    const next = await this.openHandoff(
      queued,
      queue,
      reason,
      handoff,
      [agent.id],
      (q) => `A person from our ${q.name} team will join this chat shortly.`,
    );
    const offered = target.kind === 'agent' ? await this.handoffs.offerTo(next.id, target.agentId) : null;
    if (offered === null) await this.handoffs.route(next.id);
    // The agent's slot is free: someone waiting may be offered to them now.
    await this.handoffs.routeWaiting();
    return (await store.getHandoff(next.id)) ?? next;
  }
  /**
   * Completes a consult as a warm transfer (R9): the owner's handoff completes and a new one in the same queue
   * goes straight to the colleague, through the same `reserve` + `acceptReservation` as any offer, so the
   * colleague's capacity is checked and the conversation is never assigned twice. Their availability and
   * capacity are checked first, so a refusal (`colleague_unavailable`, `colleague_at_capacity`) changes
   * nothing; if they lose their last slot in the instant between that check and the reservation, the
   * conversation is routed through the queue like a cold transfer (`direct: false`) rather than lost.
   */
  async warmTransfer(owner: Agent, colleague: Agent, consult: Consult): Promise<WarmTransferOutcome> {
    const { store } = this.deps;
    const { conversation, handoff } = await this.owned(owner, consult.conversationId);
    if (handoff.id !== consult.handoffId) throw new DomainError('consult_not_active', 'the consult is over');
    const load = (await store.listAgentLoads()).find((l) => l.agent.id === colleague.id);
    if (load === undefined || load.agent.presence !== 'available') {
      throw new DomainError('colleague_unavailable', `${colleague.name} is not available to take chats`, {
        agentId: colleague.id,
        presence: load?.agent.presence ?? null,
      });
    }
    const channel = conversation.channel;
    if ((load.active[channel] ?? 0) >= (load.agent.capacity[channel] ?? 0)) {
      throw new DomainError('colleague_at_capacity', `${colleague.name} has no free ${channel} slot`, {
        agentId: colleague.id,
      });
    }
    const queue = await store.getQueue(handoff.queueId);
    if (queue === null) throw new DomainError('queue_not_found', `no queue ${handoff.queueId}`);
    // Claimed before anything moves, so the colleague cannot leave halfway through.
    const claimed = await this.consults.claimForTransfer(consult);
    if (claimed === null) throw new DomainError('consult_not_active', 'the consult ended meanwhile');
    let completed: Handoff;
    try {
      completed = await this.complete(handoff);
    } catch (err) {
      await this.consults.releaseClaim(claimed);
      throw err;
    }
    const queued = await store.updateConversation(conversation.id, {
      status: 'queued',
      assignedAgentId: null,
      updatedAt: this.deps.clock.now(),
    });
    await this.release(owner.id, completed, 'transferred');
    const reason = {
      code: 'transfer',
      agent: `Warm transfer from ${owner.name} after a consult. First handed off because: ${handoff.reason.agent}`,
      customer: `${owner.name} has asked a colleague, ${colleague.name}, to take over; they have followed your conversation.`,
    };
    const next = await this.openHandoff(queued, queue, reason, handoff, [owner.id], () => '');
    const reservation = await this.handoffs.offerTo(next.id, colleague.id);
    let direct = false;
    if (reservation !== null) {
      await this.handoffs.accept(colleague.id, reservation.id);
      direct = true;
    } else {
      await this.handoffs.route(next.id);
    }
    // The owner's slot is free: someone waiting may be offered to them now.
    await this.handoffs.routeWaiting();
    return { handoff: (await store.getHandoff(next.id)) ?? next, direct };
  }

  /**
   * Gives an owned conversation back to the assistant: the handoff completes, the conversation returns to
   * `assistant`, the customer is told, and the assistant answers their next message.
   */
  async handBack(agent: Agent, conversationId: string): Promise<Conversation> {
    const { conversation, handoff } = await this.owned(agent, conversationId);
    const completed = await this.complete(handoff);
    await this.consults.endForConversation(conversation.id);
    const back = await this.deps.store.updateConversation(conversation.id, {
      status: 'assistant',
      assignedAgentId: null,
      updatedAt: this.deps.clock.now(),
    });
    await this.release(agent.id, completed, 'handed_back');
    await this.say(
      conversation.id,
      `${agent.name} has handed you back to our virtual assistant. You can ask for a person again at any time.`,
    );
    await this.conversations.publishStatus(back);
    // The agent's slot is free: someone waiting may be offered to them now.
    await this.handoffs.routeWaiting();
    return back;
  }

  /**
   * Stores the wrap-up of a handoff the agent handled (A6, N7). Only once the handoff has ended (closed,
   * transferred or handed back); submitting again replaces the earlier wrap-up.
   */
  async wrapUp(agent: Agent, input: WrapUpInput): Promise<WrapUpView> {
    const { store, clock } = this.deps;
    const handoff = await store.getHandoff(input.handoffId);
    if (handoff === null) throw new DomainError('handoff_not_found', `no handoff ${input.handoffId}`);
    if (handoff.assignedAgentId !== agent.id) {
      throw new DomainError('forbidden', 'you did not handle this handoff');
    }
    if (handoff.status !== 'completed') {
      throw new DomainError('handoff_still_open', 'close, transfer or hand back the conversation before wrapping up', {
        status: handoff.status,
      });
    }
    const saved: WrapUp = await store.saveWrapUp({
      handoffId: handoff.id,
      conversationId: handoff.conversationId,
      agentId: agent.id,
      disposition: input.disposition,
      notes: input.notes,
      handoffNeeded: input.handoffNeeded,
      createdAt: clock.now(),
    });
    // The form is what wrap-up time is for: submitting it ends the agent's wrap-up (a no-op when not in one).
    await this.wrapUps.end(agent.id);
    return { ...saved, createdAt: saved.createdAt.toISOString() };
  }

  /** The conversation and its assigned handoff, when this agent owns them; `forbidden` otherwise. */
  private async owned(agent: Agent, conversationId: string): Promise<{ conversation: Conversation; handoff: Handoff }> {
    const conversation = await this.conversations.get(conversationId);
    if (conversation.assignedAgentId !== agent.id || conversation.status !== 'agent') {
      throw new DomainError('forbidden', 'you do not own this conversation');
    }
    const handoff = await this.deps.store.openHandoffForConversation(conversationId);
    if (handoff === null || handoff.status !== 'assigned' || handoff.assignedAgentId !== agent.id) {
      throw new DomainError('handoff_not_found', 'this conversation has no handoff assigned to you');
    }
    return { conversation, handoff };
  }

  /** assigned → completed, compare-and-set: a concurrent close or transfer wins and this one fails. */
  private async complete(handoff: Handoff): Promise<Handoff> {
    const [next] = transitionHandoff(handoff, { type: 'complete', at: this.deps.clock.now() });
    const saved = await this.deps.store.updateHandoff(next, 'assigned');
    if (saved === null) throw new DomainError('handoff_invalid_transition', 'the handoff changed meanwhile');
    const event: LifecycleEvent = {
      kind: 'lifecycle',
      id: this.deps.ids.next('evt'),
      name: 'handoff.completed',
      at: this.deps.clock.now().toISOString(),
      handoff: presentHandoff(saved),
      agentId: saved.assignedAgentId,
    };
    await this.deps.bus.publish(subjects.lifecycle('handoff.completed'), event);
    // Before the caller routes again (transfer, hand back): wrap-up keeps the freed slot from a new offer.
    if (saved.assignedAgentId !== null) await this.wrapUps.begin(saved.assignedAgentId);
    return saved;
  }

  /** Tells the agent's workspace the conversation left them, so it moves to wrap-up. */
  private async release(agentId: string, handoff: Handoff, reason: 'transferred' | 'handed_back'): Promise<void> {
    const frame: AgentServerFrame = {
      type: 'conversation.released',
      conversationId: handoff.conversationId,
      handoffId: handoff.id,
      reason,
    };
    const event: AgentEvent = { kind: 'agent', agentId, frame };
    await this.deps.bus.publish(subjects.agent(agentId), event);
  }

  /**
   * Opens the transfer's handoff in `queue` (same steps as HandoffService.start, which picks its queue from a
   * policy decision and cannot exclude anyone): stored queued, `handoff.created` published, the customer
   * told, the status published. The caller routes it.
   */
  private async openHandoff(
    conversation: Conversation,
    queue: Queue,
    reason: Handoff['reason'],
    previous: Handoff,
    declinedBy: string[],
    /** What follows the reason in the customer's notice (who will join). */
    joining: (queue: Queue) => string,
  ): Promise<Handoff> {
    const { store, ids, clock } = this.deps;
    const handoff: Handoff = {
      id: ids.next('ho'),
      conversationId: conversation.id,
      queueId: queue.id,
      status: 'queued',
      // Keeps its place: the priority it had, re-based on the new queue.
      priority: previous.priority - ((await store.getQueue(previous.queueId))?.priority ?? 0) + queue.priority,
      reason,
      rule: 'transfer',
      declinedBy,
      assignedAgentId: null,
      createdAt: clock.now(),
      assignedAt: null,
      endedAt: null,
    };
    await store.createHandoff(handoff);
    const event: LifecycleEvent = {
      kind: 'lifecycle',
      id: ids.next('evt'),
      name: 'handoff.created',
      at: clock.now().toISOString(),
      handoff: presentHandoff(handoff),
      agentId: null,
    };
    await this.deps.bus.publish(subjects.lifecycle('handoff.created'), event);
    const then = joining(queue);
    await this.say(conversation.id, then === '' ? reason.customer : `${reason.customer} ${then}`);
    await this.conversations.publishStatus(conversation);
    return handoff;
  }

  private say(conversationId: string, text: string): Promise<PublicTurn> {
    return this.conversations.addSystemTurn(conversationId, text);
  }
}
