import type { Channel } from '../conversation/types.ts';
import { meetsSkills, skillScore } from './strategies.ts';
import type { AgentLoad, Queue, RoutingStrategy } from './types.ts';

export interface MatchRequest {
  queue: Queue;
  channel: Channel;
  language: string;
  /** Agents not to offer to (they declined this handoff). */
  exclude: readonly string[];
  /** Overrides `queue.strategy`; `longest_idle` when both are absent. */
  strategy?: RoutingStrategy;
  /** Skills to require instead of `queue.requiredSkills` (after routing rules or escalation widening). */
  skills?: Record<string, number>;
  /** The agent who last helped this customer: chosen first when eligible. */
  preferredAgentId?: string | null;
  /**
   * True while the preference has not timed out (see `preferenceActive`): only the preferred agent is
   * considered, so the handoff waits for them rather than going to someone else.
   */
  preferredOnly?: boolean;
}

export type MatchResult = { type: 'agent'; agentId: string } | { type: 'none'; why: 'no_agent_available' };

/** True when the agent can take one more conversation on the channel and meets the queue's needs. */
export const isEligible = (load: AgentLoad, req: MatchRequest): boolean => {
  const { agent } = load;
  if (agent.presence !== 'available') return false;
  if (req.exclude.includes(agent.id)) return false;
  const cap = agent.capacity[req.channel] ?? 0;
  if ((load.active[req.channel] ?? 0) >= cap) return false;
  if (!meetsSkills(agent.skills, req.skills ?? req.queue.requiredSkills)) return false;
  if (req.queue.languages.length > 0 && !agent.languages.includes(req.language)) return false;
  return true;
};

/** True while a preferred-agent hold that started at `since` and lasts `timeoutSeconds` is still on. */
export const preferenceActive = (since: Date, timeoutSeconds: number, now: Date): boolean =>
  now.getTime() < since.getTime() + timeoutSeconds * 1000;

const idleSince = (l: AgentLoad): number => (l.agent.lastAssignedAt ?? l.agent.presenceSince).getTime();

/**
 * Picks one agent from a list of loads with the request's strategy (default longest idle); ties go to the lower
 * id so the result is deterministic. O(agents): this is the stateless matcher for a store-backed server; the
 * indexed `Router` answers the same question in O(log n). The scan runs over every agent on each offer (10,000
 * at contact-center scale), so what does not depend on the agent (skill minimums, the strategy, the exclusions
 * as a set) is worked out once, and the per-agent step allocates nothing; it answers exactly as `isEligible` and
 * `strategyKey` would (match.test.ts checks it against them).
 */
export const matchAgent = (agents: readonly AgentLoad[], req: MatchRequest): MatchResult => {
  const preferred = req.preferredAgentId ?? null;
  if (preferred !== null) {
    const l = agents.find((x) => x.agent.id === preferred);
    if (l !== undefined && isEligible(l, req)) return { type: 'agent', agentId: preferred };
    if (req.preferredOnly === true) return { type: 'none', why: 'no_agent_available' };
  }
  const strategy: RoutingStrategy = req.strategy ?? req.queue.strategy ?? 'longest_idle';
  const required = req.skills ?? req.queue.requiredSkills;
  const minimums = Object.entries(required).filter(([, min]) => min > 0);
  const channel = req.channel;
  const language = req.queue.languages.length > 0 ? req.language : null;
  const excluded = req.exclude.length > 0 ? new Set(req.exclude) : null;
  let best: AgentLoad | undefined;
  let best0 = 0;
  let best1 = 0;
  agents: for (const l of agents) {
    const { agent } = l;
    if (agent.presence !== 'available') continue;
    const capacity = agent.capacity[channel] ?? 0;
    const active = l.active[channel] ?? 0;
    if (active >= capacity) continue;
    if (excluded !== null && excluded.has(agent.id)) continue;
    for (const [skill, min] of minimums) if ((agent.skills[skill] ?? 0) < min) continue agents;
    if (language !== null && !agent.languages.includes(language)) continue;
    let k0: number;
    let k1 = 0;
    switch (strategy) {
      case 'longest_idle':
        k0 = idleSince(l);
        break;
      case 'least_busy':
        k0 = active / capacity;
        k1 = idleSince(l);
        break;
      case 'best_skill':
        k0 = -skillScore(agent.skills, required);
        k1 = idleSince(l);
        break;
      case 'round_robin':
        // Stateless callers have no offer counter: the last assignment time orders agents the same way.
        k0 = agent.lastAssignedAt?.getTime() ?? 0;
        break;
    }
    if (
      best === undefined ||
      k0 < best0 ||
      (k0 === best0 && (k1 < best1 || (k1 === best1 && agent.id < best.agent.id)))
    ) {
      best = l;
      best0 = k0;
      best1 = k1;
    }
  }
  return best === undefined ? { type: 'none', why: 'no_agent_available' } : { type: 'agent', agentId: best.agent.id };
};
