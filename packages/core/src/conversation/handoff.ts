import type { HandoffReason } from '../escalation/types.ts';
import type { HandoffRouting } from '../routing/handoff-routing.ts';

/**
 * - `queued`: waiting for an agent.
 * - `offered`: a reservation is out to one agent.
 * - `assigned`: an agent accepted; the agent owns the conversation.
 * - `completed`: the agent closed or handed back.
 * - `abandoned`: the customer left before an agent accepted.
 */
export type HandoffStatus = 'queued' | 'offered' | 'assigned' | 'completed' | 'abandoned';

export interface Handoff {
  id: string;
  conversationId: string;
  queueId: string;
  status: HandoffStatus;
  priority: number;
  reason: HandoffReason;
  /** The policy rule that triggered it. */
  rule: string | null;
  /** Agents who rejected or let an offer time out; not offered again while others are eligible. */
  declinedBy: string[];
  assignedAgentId: string | null;
  createdAt: Date;
  assignedAt: Date | null;
  endedAt: Date | null;
  /**
   * Routing rules' skills, preferred agent and escalation steps applied (R3, R4, R6); absent on handoffs made
   * without routing (transfers, older rows), which route on their queue alone.
   */
  routing?: HandoffRouting | null;
}

export type ReservationStatus = 'pending' | 'accepted' | 'rejected' | 'timed_out' | 'cancelled';

/** An offer of one handoff to one agent (R5). At most one pending or accepted per handoff. */
export interface Reservation {
  id: string;
  handoffId: string;
  conversationId: string;
  agentId: string;
  status: ReservationStatus;
  createdAt: Date;
  expiresAt: Date;
  respondedAt: Date | null;
}
