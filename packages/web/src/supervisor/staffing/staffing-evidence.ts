import type { AgentRoutingView, ErrorBody } from '@baton/contracts';
import type { AnalyticsSummaryView } from '../analytics/analytics-request.ts';
import type { QueueView } from '../routing/queue-form.ts';

/**
 * The last `hours` of handoff analytics of one queue (`queue` selects handoffs: their count, handle times,
 * waits and abandonment), the evidence the Staffing tab prefills arrivals, handle time and patience from.
 */
export async function queueAnalytics(
  token: string,
  queueId: string,
  hours: number,
  now = new Date(),
): Promise<AnalyticsSummaryView> {
  const query = new URLSearchParams({
    from: new Date(now.getTime() - hours * 3600_000).toISOString(),
    to: now.toISOString(),
    queue: queueId,
  });
  const response = await fetch(`/v1/analytics/summary?${query.toString()}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (payload as Partial<ErrorBody> | null)?.error?.message;
    throw new Error(message ?? `Analytics failed (HTTP ${response.status}).`);
  }
  return payload as AnalyticsSummaryView;
}

/**
 * The agents who could take the queue's work, as routing decides it (`matchAgent`): every required skill at
 * its minimum level, a language of the queue (any when it lists none) and a slot on one of its channels.
 * Presence is not looked at: the caller counts who is signed in from the live floor.
 */
export function eligibleAgentIds(agents: readonly AgentRoutingView[], queue: QueueView): Set<string> {
  const out = new Set<string>();
  for (const a of agents) {
    const skilled = Object.entries(queue.requiredSkills).every(([s, min]) => (a.skills[s] ?? 0) >= min);
    const speaks = queue.languages.length === 0 || queue.languages.some((l) => a.languages.includes(l));
    const seats = queue.channels.some((c) => (a.capacity[c] ?? 0) > 0);
    if (skilled && speaks && seats) out.add(a.id);
  }
  return out;
}
