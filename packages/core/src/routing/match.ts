import type { Channel } from '../conversation/types.ts';
import { meetsSkills, skillScore, strategyKey } from './strategies.ts';
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
 * indexed `Router` answers the same question in O(log n).
 */
export const matchAgent = (agents: readonly AgentLoad[], req: MatchRequest): MatchResult => {
  const preferred = req.preferredAgentId ?? null;
  if (preferred !== null) {
    const l = agents.find((x) => x.agent.id === preferred);
    if (l !== undefined && isEligible(l, req)) return { type: 'agent', agentId: preferred };
    if (req.preferredOnly === true) return { type: 'none', why: 'no_agent_available' };
  }
  const strategy = req.strategy ?? req.queue.strategy ?? 'longest_idle';
  const required = req.skills ?? req.queue.requiredSkills;
  let best: AgentLoad | undefined;
  let bestKey: [number, number] = [0, 0];
  for (const l of agents) {
    if (!isEligible(l, req)) continue;
    const key = strategyKey(strategy, {
      idleSince: idleSince(l),
      // Stateless callers have no offer counter: the last assignment time orders agents the same way.
      lastOfferSeq: l.agent.lastAssignedAt?.getTime() ?? 0,
      active: l.active[req.channel] ?? 0,
      capacity: l.agent.capacity[req.channel] ?? 1,
      skillScore: skillScore(l.agent.skills, required),
    });
    if (
      best === undefined ||
      key[0] < bestKey[0] ||
      (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && l.agent.id < best.agent.id)))
    ) {
      best = l;
      bestKey = key;
    }
  }
  return best === undefined ? { type: 'none', why: 'no_agent_available' } : { type: 'agent', agentId: best.agent.id };
};
