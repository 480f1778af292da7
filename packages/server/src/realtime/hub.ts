import type { AgentServerFrame, BotServerFrame, CustomerServerFrame } from '@baton/contracts';
import type { BusSubscription, EventBus, StaffRole } from '@baton/core';
import { toPublicTurn } from '../services/presenters.ts';
import type { StaffMasker } from './staff-masker.ts';
import { subjects, type BusEvent } from './subjects.ts';

/** The part of a WebSocket the hub needs. */
export interface FrameSink {
  send(data: string): void;
}

/** Adds `sink` to the set at `key`; returns a function that removes it. */
const addTo = <K>(map: Map<K, Set<FrameSink>>, key: K, sink: FrameSink): (() => void) => {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(sink);
  return () => {
    set.delete(sink);
    if (set.size === 0) map.delete(key);
  };
};

const sendAll = (sinks: Set<FrameSink> | undefined, frame: object): void => {
  // Nobody to tell: no serialisation (every turn passes here, mostly with no bot or customer socket attached).
  if (sinks === undefined || sinks.size === 0) return;
  const data = JSON.stringify(frame);
  for (const s of sinks) s.send(data);
};

/**
 * Sends `frame` to each of an agent's sockets as its role may read it (P3): masked and serialised once per role,
 * not per socket (a supervisor's tabs share one string).
 */
const sendToStaff = (
  sinks: Map<FrameSink, StaffRole> | undefined,
  frame: AgentServerFrame,
  masker: StaffMasker,
): void => {
  if (sinks === undefined) return;
  const byRole = new Map<StaffRole, string>();
  for (const [sink, role] of sinks) {
    let data = byRole.get(role);
    if (data === undefined) byRole.set(role, (data = JSON.stringify(masker.agentFrame(frame, role))));
    sink.send(data);
  }
};

/**
 * Fans bus events out to the sockets connected to this instance. One bus subscription per instance
 * (not per socket), and an index by conversation and agent, so delivery costs O(listeners of the event).
 * Works the same on one instance (in-process bus) and many (NATS): every instance sees every event.
 */
export class RealtimeHub {
  private readonly customers = new Map<string, Set<FrameSink>>();
  /** Agent sockets by agent, with the role each signed in with (what they may read of personal data). */
  private readonly agents = new Map<string, Map<FrameSink, StaffRole>>();
  private readonly bots = new Set<FrameSink>();
  /**
   * Colleagues reading a conversation during an active consult (R9): conversation → agent → consult. Kept from
   * the `consult.updated` frames every instance sees on the bus (and from hello), so the colleague's instance
   * can forward the conversation's turns to them without a store read per turn.
   */
  private readonly consultReaders = new Map<string, Map<string, string>>();
  private sub: BusSubscription | null = null;

  constructor(private readonly masker: StaffMasker) {}

  async start(bus: EventBus): Promise<void> {
    this.sub = await bus.subscribe(subjects.all, (event) => this.dispatch(event as BusEvent));
  }

  async stop(): Promise<void> {
    await this.sub?.unsubscribe();
    this.sub = null;
  }

  addCustomer(conversationId: string, sink: FrameSink): () => void {
    return addTo(this.customers, conversationId, sink);
  }

  addAgent(agentId: string, sink: FrameSink, role: StaffRole): () => void {
    let sinks = this.agents.get(agentId);
    if (sinks === undefined) this.agents.set(agentId, (sinks = new Map<FrameSink, StaffRole>()));
    sinks.set(sink, role);
    return () => {
      sinks.delete(sink);
      if (sinks.size === 0) this.agents.delete(agentId);
    };
  }

  addBot(sink: FrameSink): () => void {
    this.bots.add(sink);
    return () => this.bots.delete(sink);
  }

  /** Starts or stops forwarding a conversation's turns to a consulted colleague (see `consultReaders`). */
  trackConsult(consult: { id: string; conversationId: string; colleague: { id: string }; status: string }): void {
    const readers = this.consultReaders.get(consult.conversationId);
    if (consult.status === 'active') {
      if (readers === undefined) {
        this.consultReaders.set(consult.conversationId, new Map([[consult.colleague.id, consult.id]]));
      } else readers.set(consult.colleague.id, consult.id);
      return;
    }
    if (readers?.get(consult.colleague.id) !== consult.id) return;
    readers.delete(consult.colleague.id);
    if (readers.size === 0) this.consultReaders.delete(consult.conversationId);
  }

  /** Number of agent sockets connected here (for metrics and presence checks). */
  agentConnections(agentId: string): number {
    return this.agents.get(agentId)?.size ?? 0;
  }

  private dispatch(event: BusEvent): void {
    switch (event.kind) {
      case 'turn': {
        const { turn, conversation } = event;
        const customers = this.customers.get(turn.conversationId);
        if (customers !== undefined) {
          const customerFrame: CustomerServerFrame = { type: 'turn', turn: toPublicTurn(turn) };
          sendAll(customers, customerFrame);
        }
        if (conversation.assignedAgentId !== null && conversation.status === 'agent') {
          const agentFrame: AgentServerFrame = { type: 'turn', turn };
          sendToStaff(this.agents.get(conversation.assignedAgentId), agentFrame, this.masker);
        }
        const readers = this.consultReaders.get(turn.conversationId);
        if (readers !== undefined) {
          for (const [agentId, consultId] of readers) {
            sendToStaff(this.agents.get(agentId), { type: 'consult.turn', consultId, turn }, this.masker);
          }
        }
        if (this.bots.size > 0) {
          const botFrame: BotServerFrame = {
            type: 'turn',
            turn: toPublicTurn(turn),
            decision: turn.decision,
            conversation,
          };
          sendAll(this.bots, botFrame);
        }
        return;
      }
      case 'status': {
        const customerFrame: CustomerServerFrame = {
          type: 'status',
          conversation: event.conversation,
          handoff: event.handoff,
        };
        sendAll(this.customers.get(event.conversation.id), customerFrame);
        sendAll(this.bots, customerFrame);
        const owner = event.conversation.assignedAgentId;
        if (owner !== null)
          sendToStaff(
            this.agents.get(owner),
            { type: 'conversation.updated', conversation: event.conversation },
            this.masker,
          );
        return;
      }
      case 'typing': {
        if (event.role === 'customer') {
          if (event.assignedAgentId !== null) {
            sendToStaff(
              this.agents.get(event.assignedAgentId),
              { type: 'typing', conversationId: event.conversationId, role: 'customer' },
              this.masker,
            );
          }
        } else {
          const frame: CustomerServerFrame = { type: 'typing', role: event.role, name: event.name };
          sendAll(this.customers.get(event.conversationId), frame);
        }
        return;
      }
      case 'agent':
        if (event.frame.type === 'consult.updated' && event.frame.consult.colleague.id === event.agentId) {
          this.trackConsult(event.frame.consult);
        }
        sendToStaff(this.agents.get(event.agentId), event.frame, this.masker);
        return;
      case 'wait': {
        const frame: CustomerServerFrame = {
          type: 'wait',
          conversationId: event.conversationId,
          handoff: event.handoff,
        };
        sendAll(this.customers.get(event.conversationId), frame);
        sendAll(this.bots, frame);
        return;
      }
      case 'queue_settings':
        return;
      case 'lifecycle':
        return; // for webhooks, analytics and audit subscribers, not sockets
    }
  }
}
