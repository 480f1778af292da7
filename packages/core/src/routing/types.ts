import type { Channel } from '../conversation/types.ts';

export type Presence = 'available' | 'busy' | 'away' | 'wrap_up' | 'offline';

/**
 * How a queue picks among eligible agents (R4):
 * - `longest_idle`: the agent whose last offer or return to `available` is oldest.
 * - `least_busy`: the lowest share of channel capacity in use, then longest idle.
 * - `best_skill`: the highest summed level over the queue's required skills, then longest idle.
 * - `round_robin`: the agent offered work least recently (a global offer counter; ignores presence changes).
 */
export type RoutingStrategy = 'longest_idle' | 'least_busy' | 'best_skill' | 'round_robin';

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'supervisor' | 'admin';
  /** Skill name → level 1..10. */
  skills: Record<string, number>;
  languages: string[];
  /** Concurrent conversations allowed per channel, e.g. { chat: 3, voice: 1 }. */
  capacity: Partial<Record<Channel, number>>;
  presence: Presence;
  presenceSince: Date;
  /** When the agent last got an assignment; drives longest-idle matching. */
  lastAssignedAt: Date | null;
  /** Why the agent is not available, e.g. `lunch`, `training`, `heartbeat_lost` (R2). */
  presenceReason?: string | null;
  /** Seconds a freed slot stays blocked after a conversation ends, for notes and disposition (0 or absent: off). */
  wrapUpSeconds?: number | null;
}

/** Opening hours in the queue's own time zone (R1). Times are `HH:MM`, end exclusive; `24:00` allowed. */
export interface BusinessHours {
  /** IANA zone, e.g. `Europe/Paris`. */
  timeZone: string;
  /** Day (`mon` … `sun`) → open intervals. A day not listed is closed. */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates (`YYYY-MM-DD`) when the queue is closed all day. */
  closedDates?: string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * One escalation step (R6), applied once a handoff has waited `afterSeconds` since it entered its first queue.
 * Steps are applied in order; each may do several things.
 */
export interface EscalationStep {
  afterSeconds: number;
  /** Skill → new minimum level; 0 drops the requirement (widening). */
  skills?: Record<string, number>;
  /** Move the handoff to this queue (overflow), keeping its place in time. */
  overflowQueueId?: string;
  /** Added to the handoff's priority. */
  raisePriorityBy?: number;
}

export interface Queue {
  id: string;
  name: string;
  /** Skill name → minimum level. */
  requiredSkills: Record<string, number>;
  languages: string[];
  channels: Channel[];
  /** Base priority added to each handoff's priority. */
  priority: number;
  /** Service-level target: answer within this many seconds. */
  slaSeconds: number;
  /** Seconds an offer stays open before it times out. */
  offerTimeoutSeconds: number;
  /** Agent selection strategy; `longest_idle` when absent. */
  strategy?: RoutingStrategy;
  /** When absent the queue is always open. */
  businessHours?: BusinessHours;
  /** Escalation steps over waiting time, in order of `afterSeconds`. */
  escalation?: EscalationStep[];
}

/** An agent as the matcher sees it: the agent plus its live load. */
export interface AgentLoad {
  agent: Agent;
  /** Conversations assigned plus offers pending, per channel. */
  active: Partial<Record<Channel, number>>;
}
