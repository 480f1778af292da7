import { DomainError } from '../errors.ts';
import type { Handoff, HandoffStatus } from './handoff.ts';

export type HandoffEvent =
  | { type: 'offer'; agentId: string; at: Date }
  | { type: 'accept'; agentId: string; at: Date }
  | { type: 'decline'; agentId: string; why: 'rejected' | 'timed_out' | 'cancelled'; at: Date }
  | { type: 'customer_left'; at: Date }
  | { type: 'complete'; at: Date };

/** What the server must carry out after a transition. Effects are data; nothing runs here. */
export type HandoffEffect =
  | { type: 'route'; handoffId: string }
  | { type: 'cancel_offers'; handoffId: string }
  | { type: 'conversation_to_agent'; conversationId: string; agentId: string }
  | { type: 'conversation_closed'; conversationId: string };

const allowed: Record<HandoffEvent['type'], readonly HandoffStatus[]> = {
  offer: ['queued'],
  accept: ['offered'],
  decline: ['offered'],
  customer_left: ['queued', 'offered'],
  complete: ['assigned'],
};

/**
 * The handoff lifecycle as a pure transition (xstate's "transition does not execute actions").
 * Throws `handoff_invalid_transition` for an event the current status does not accept.
 */
export const transitionHandoff = (h: Handoff, e: HandoffEvent): [Handoff, HandoffEffect[]] => {
  if (!allowed[e.type].includes(h.status)) {
    throw new DomainError('handoff_invalid_transition', `cannot ${e.type} a handoff that is ${h.status}`, {
      handoffId: h.id,
      status: h.status,
      event: e.type,
    });
  }
  switch (e.type) {
    case 'offer':
      return [{ ...h, status: 'offered' }, []];
    case 'accept':
      return [
        { ...h, status: 'assigned', assignedAgentId: e.agentId, assignedAt: e.at },
        [{ type: 'conversation_to_agent', conversationId: h.conversationId, agentId: e.agentId }],
      ];
    case 'decline': {
      const declinedBy = h.declinedBy.includes(e.agentId) ? h.declinedBy : [...h.declinedBy, e.agentId];
      return [{ ...h, status: 'queued', declinedBy }, [{ type: 'route', handoffId: h.id }]];
    }
    case 'customer_left':
      return [
        { ...h, status: 'abandoned', endedAt: e.at },
        [
          { type: 'cancel_offers', handoffId: h.id },
          { type: 'conversation_closed', conversationId: h.conversationId },
        ],
      ];
    case 'complete':
      return [{ ...h, status: 'completed', endedAt: e.at }, []];
  }
};
