/** The Router's internal state: handoffs, agents, their class entries and timers (see router.ts). */
import type { Channel } from '../conversation/types.ts';
import type { OrderedSet } from './ordered-set.ts';
import type { RouterHandoffPhase } from './router-types.ts';
import type { Presence, RoutingStrategy } from './types.ts';

export interface HState {
  id: string;
  seq: number;
  queueId: string;
  /** Queue whose escalation steps apply (the first one entered). */
  stepsQueueId: string;
  channel: Channel;
  language: string;
  /** Handoff priority including the queue's base and escalation raises. */
  priority: number;
  extraSkills: Record<string, number>;
  /** Escalation overrides: skill → new minimum (0 drops it). */
  overrides: Record<string, number>;
  enqueuedAt: number;
  stepBase: number;
  step: number;
  key: number;
  phase: RouterHandoffPhase;
  cls: RouteClass | null;
  holder: AState | null;
  agent: AState | null;
  offerSeq: number;
  declined: Map<string, number> | null;
  preferredAgentId: string | null;
  preferredUntil: number;
  holdGen: number;
  /** Cached class key; null after a change of queue or skills. */
  classKey: string | null;
}

export interface AState {
  id: string;
  seq: number;
  gen: number;
  skills: Record<string, number>;
  languages: string[];
  capacity: Partial<Record<Channel, number>>;
  presence: Presence;
  reason: string | null;
  wrapUpSeconds: number;
  active: Partial<Record<Channel, number>>;
  idleSince: number;
  lastOfferSeq: number;
  entries: AgentEntry[];
  preferred: OrderedSet<HState>;
  work: Set<HState>;
}

export interface AgentEntry {
  agent: AState;
  cls: RouteClass;
  k1: number;
  k2: number;
  inFree: boolean;
  /** Slots this agent adds to `cls.slots` (capacity when available, else 0). */
  slots: number;
  /** Of those, in use. */
  busy: number;
}

export interface RouteClass {
  key: string;
  queueId: string;
  channel: Channel;
  language: string | null;
  skills: Record<string, number>;
  strategy: RoutingStrategy;
  waiting: OrderedSet<HState>;
  free: OrderedSet<AgentEntry>;
  members: Set<AgentEntry>;
  /** Members that are `available`. */
  staffed: number;
  slots: number;
  busySlots: number;
}

export type TimerData =
  | { kind: 'offer'; h: HState; offerSeq: number }
  | { kind: 'step'; h: HState; step: number }
  | { kind: 'hold'; h: HState; gen: number }
  | { kind: 'retry'; h: HState }
  | { kind: 'wrap'; agent: AState; gen: number; channel: Channel };

export const byHandoff = (a: HState, b: HState): number => b.key - a.key || a.seq - b.seq;
export const byEntry = (a: AgentEntry, b: AgentEntry): number =>
  a.k1 - b.k1 || a.k2 - b.k2 || a.agent.seq - b.agent.seq;
export const better = (a: HState, b: HState | undefined): boolean => b === undefined || byHandoff(a, b) < 0;
