import type { RoutingStrategy } from './types.ts';

/** What a strategy may look at for one agent, for one queue and channel. Times in ms since the epoch. */
export interface AgentStanding {
  /** Last offer, or last return to `available`, whichever is later. */
  idleSince: number;
  /** Global counter value at the agent's last offer (0 if never offered). */
  lastOfferSeq: number;
  /** Conversations in use on the channel (assigned, offered, wrapping up). */
  active: number;
  /** Capacity on the channel (> 0 for an eligible agent). */
  capacity: number;
  /** Sum of the agent's levels over the queue's required skills. */
  skillScore: number;
}

/**
 * A strategy as a sort key, smaller first: `[primary, secondary]`. Keys rather than comparators so the router
 * can store them next to the agent in its ordered sets and compare two numbers per step.
 */
export const strategyKey = (strategy: RoutingStrategy, s: AgentStanding): [number, number] => {
  switch (strategy) {
    case 'longest_idle':
      return [s.idleSince, 0];
    case 'least_busy':
      return [s.active / s.capacity, s.idleSince];
    case 'best_skill':
      return [-s.skillScore, s.idleSince];
    case 'round_robin':
      return [s.lastOfferSeq, 0];
  }
};

export const skillScore = (agentSkills: Record<string, number>, required: Record<string, number>): number => {
  let sum = 0;
  for (const skill of Object.keys(required)) sum += agentSkills[skill] ?? 0;
  return sum;
};

/** True when the agent's skills meet every minimum level (a minimum of 0 or less is no requirement). */
export const meetsSkills = (agentSkills: Record<string, number>, required: Record<string, number>): boolean => {
  for (const [skill, min] of Object.entries(required)) {
    if (min > 0 && (agentSkills[skill] ?? 0) < min) return false;
  }
  return true;
};
