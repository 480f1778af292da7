import type { Channel } from '../conversation/types.ts';
import type { Presence } from './types.ts';

/** An agent as the router needs it: a subset of `Agent`, so an `Agent` can be passed as is. */
export interface RouterAgent {
  id: string;
  /** Skill name → level. */
  skills: Record<string, number>;
  languages: string[];
  /** Concurrent conversations per channel. */
  capacity: Partial<Record<Channel, number>>;
  presence: Presence;
  presenceReason?: string | null;
  /** Seconds a slot stays blocked after `complete`, for notes and disposition. 0 when absent. */
  wrapUpSeconds?: number;
}

/** A handoff entering routing. */
export interface RouterHandoff {
  id: string;
  queueId: string;
  channel: Channel;
  language: string;
  /** The handoff's own priority (from the escalation decision and routing rules); the queue's is added. */
  priority: number;
  /** Skills required on top of the queue's (e.g. from `resolveRoute`); the higher level wins. */
  skills?: Record<string, number>;
  /** The agent who last helped this customer. */
  preferredAgentId?: string | null;
  /** How long to hold the handoff for the preferred agent; `RouterOptions.preferredAgentTimeoutSeconds` when absent. */
  preferredTimeoutSeconds?: number;
  /** When the customer started waiting (ms); `now` when absent. Kept across declines and transfers. */
  enqueuedAt?: number;
}

/** An offer the server must carry out: reserve in the store, show to the agent, and time out at `expiresAt`. */
export interface Offer {
  handoffId: string;
  agentId: string;
  queueId: string;
  /** ms since the epoch. The router times the offer out itself when `advance` passes this instant. */
  expiresAt: number;
}

export type RouterHandoffPhase = 'waiting' | 'offered' | 'assigned';

export interface RouterOptions {
  /**
   * Priority ageing (R7): priority points a waiting handoff gains per second. Default 1/60 (one point a minute).
   * One rate for all queues keeps the sort key static; see docs/routing.md.
   */
  agingPerSecond?: number;
  /** How long an agent who declined or let an offer time out is skipped for that handoff. Default 120 s. */
  declineCooldownSeconds?: number;
  /** Default hold for a preferred agent. Default 30 s. */
  preferredAgentTimeoutSeconds?: number;
  /**
   * How many queued handoffs (or free agents) one decision may skip because the agent declined them (or they
   * declined it). Bounds the worst case; a handoff beyond the limit waits for the next event. Default 64.
   */
  skipLimit?: number;
}

/** Where a waiting handoff stands, for position and wait estimates (R8, M2). */
export interface QueuePosition {
  phase: RouterHandoffPhase;
  /** Handoffs ahead of this one competing for the same agents; 0 when offered or assigned. */
  ahead: number;
  /** Handoffs waiting in the same class (same queue, channel, language, skills). */
  waiting: number;
  /** Agents meeting the requirements and `available` (busy or not). */
  agents: number;
  /** Their capacity on the channel: the number of servers. */
  slots: number;
  /** Of those slots, how many are free right now. */
  freeSlots: number;
  /** Held for a preferred agent until this instant (ms), or null. */
  heldForAgentUntil: number | null;
}

export interface QueueSnapshot {
  queueId: string;
  waiting: number;
  offered: number;
  assigned: number;
}
