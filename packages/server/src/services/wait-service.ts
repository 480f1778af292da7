import {
  estimateWait,
  isEligible,
  isOpen,
  nextOpening,
  type AgentLoad,
  type Handoff,
  type MatchRequest,
  type Queue,
} from '@baton/core';
import type { AgentLoadView } from './agent-load-view.ts';
import type { ServiceDeps } from './deps.ts';

/** What the customer is told about their place in line (M1, M2, R8, R10). */
export interface WaitInfo {
  /** 1-based place among the queue's waiting handoffs. */
  position: number;
  /** Expected wait in seconds; null when nobody who could take it is working. */
  estimatedWaitSeconds: number | null;
  /** Agents signed in and available who could take it (capacity aside). */
  agentsAvailable: number;
  /** When the queue is closed now: its next opening (ISO); null when open or when it never opens. */
  opensAt: string | null;
  closed: boolean;
}

/** Who could serve a queue: the eligible agents and the sum of their capacity on the channel. */
interface Staffing {
  agents: readonly AgentLoad[];
  slots: number;
}
const NOBODY: Staffing = { agents: [], slots: 0 };

/** Handle time assumed before the queue has any history, seconds. */
const DEFAULT_HANDLE_SECONDS = 300;
/** Weight of the default handle time, in handoffs, against the queue's own history. */
const PRIOR_WEIGHT = 5;
/** Handoffs of history used for handle times and abandonment. */
const HISTORY = 200;
/** Ended handoffs needed before the abandonment hazard is used. */
const MIN_HISTORY_FOR_ABANDONMENT = 20;
/** Seconds waited in total, over that history, before the abandonment hazard is used. */
const MIN_SECONDS_WAITED = 600;
/** How long a queue's wait snapshot is reused, ms. */
const SNAPSHOT_TTL_MS = 1000;
/** Waiting handoffs whose place is worked out when one of them asks. */
export const WAITING_LIMIT = 10_000;
/** Waiting handoffs that get live position updates when the queue moves. */
export const LIVE_UPDATE_LIMIT = 200;

const seconds = (from: Date | null, to: Date | null): number | null =>
  from === null || to === null ? null : Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * Position and expected wait for waiting handoffs, from live state (the queue's waiting list, the agents
 * who can serve it and their free capacity) and recent history (mean handle time; abandonment hazard =
 * abandoned handoffs / seconds waited by all recent handoffs), with the queue-length estimator in core
 * (wait-time/estimate.ts: ≥ 40% lower error than Erlang C near saturation, docs/benchmarks.md).
 * Cost: one waiting-list read, one agent-load read and one history read per queue, however many waiting
 * handoffs are computed at once (see `forQueue`).
 */
export class WaitService {
  /** See `staffing`: per agents' view read (the view's array), per queue settings. */
  private readonly staffed = new WeakMap<readonly AgentLoad[], Map<string, Staffing>>();
  /** Per-queue snapshots, reused for SNAPSHOT_TTL_MS: a busy queue is computed once, not once per turn. */
  private readonly snapshots = new Map<string, { at: number; limit: number; waits: Promise<Map<string, WaitInfo>> }>();

  constructor(
    private readonly deps: ServiceDeps,
    /** Agents' loads shared with routing; read from the store when absent. */
    private readonly loads?: AgentLoadView,
  ) {}

  /**
   * Wait information for every waiting handoff of a queue (the first `limit`), in queue order. Cached for
   * a moment per queue, so its cost does not grow with the number of turns or handoffs per second.
   */
  forQueue(queue: Queue, limit = LIVE_UPDATE_LIMIT): Promise<Map<string, WaitInfo>> {
    const now = this.deps.clock.now().getTime();
    const cached = this.snapshots.get(queue.id);
    if (cached !== undefined && now - cached.at < SNAPSHOT_TTL_MS && cached.limit >= limit) return cached.waits;
    const waits = this.compute(queue, limit);
    this.snapshots.set(queue.id, { at: now, limit, waits });
    waits.catch(() => this.snapshots.delete(queue.id));
    return waits;
  }

  /** Drops a queue's snapshot: the queue just moved (assignment, departure, staffing). */
  invalidate(queueId?: string): void {
    if (queueId === undefined) this.snapshots.clear();
    else this.snapshots.delete(queueId);
  }

  private async compute(queue: Queue, limit: number): Promise<Map<string, WaitInfo>> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const [waiting, loads, history] = await Promise.all([
      store.listHandoffs({ status: ['queued', 'offered'], queueId: queue.id, limit }),
      this.loads === undefined ? store.listAgentLoads() : this.loads.get(),
      store.listHandoffs({
        status: ['completed', 'abandoned'],
        queueId: queue.id,
        limit: HISTORY,
        order: 'recently_ended',
      }),
    ]);
    const closed = queue.businessHours !== undefined && !isOpen(queue.businessHours, now);
    const opening = closed && queue.businessHours !== undefined ? nextOpening(queue.businessHours, now) : null;
    const handleTimes = history
      .filter((h) => h.status === 'completed')
      .map((h) => seconds(h.assignedAt, h.endedAt))
      .filter((s): s is number => s !== null);
    // Shrunk towards the default with a few pseudo-observations, so two quick chats do not promise
    // everyone a ten-second wait.
    const meanHandleSeconds =
      (handleTimes.reduce((a, b) => a + b, 0) + DEFAULT_HANDLE_SECONDS * PRIOR_WEIGHT) /
      (handleTimes.length + PRIOR_WEIGHT);
    const waited = history
      .map((h) => seconds(h.createdAt, h.status === 'completed' ? h.assignedAt : h.endedAt))
      .reduce<number>((a, s) => a + (s ?? 0), 0);
    const abandoned = history.filter((h) => h.status === 'abandoned').length;
    // A hazard from a handful of waits is noise (one customer leaving after 1 s would make every wait look
    // short): trust it only with enough history, else assume nobody leaves (conservative: longer estimates).
    const abandonPerSecond =
      history.length >= MIN_HISTORY_FOR_ABANDONMENT && waited >= MIN_SECONDS_WAITED ? abandoned / waited : 0;

    const out = new Map<string, WaitInfo>();
    // Channel and language are the conversation's; the queue's own settings stand in for the class.
    const channel = queue.channels[0] ?? 'chat';
    const req = { queue, channel, language: queue.languages[0] ?? 'en', exclude: [] as string[] };
    const staffed = closed ? NOBODY : this.staffing(loads, req);
    let freeSlots = 0;
    for (const l of staffed.agents)
      freeSlots += Math.max(0, (l.agent.capacity[channel] ?? 0) - (l.active[channel] ?? 0));
    const { slots } = staffed;
    // An offered handoff already holds an agent's slot (counted out of freeSlots): it waits for that agent's
    // answer, not for a slot, and does not stand ahead of the queued ones.
    let ahead = 0;
    waiting.forEach((h: Handoff, i) => {
      const estimate =
        h.status === 'offered'
          ? 0
          : estimateWait({ ahead: ahead++, slots, freeSlots, meanHandleSeconds, abandonPerSecond });
      out.set(h.id, {
        position: i + 1,
        estimatedWaitSeconds: Number.isFinite(estimate) ? Math.round(estimate) : null,
        agentsAvailable: staffed.agents.length,
        opensAt: opening === null ? null : opening.toISOString(),
        closed,
      });
    });
    return out;
  }

  /**
   * The agents who could serve the queue (capacity aside) and their slots, worked out once per read of the
   * agents' view and queue settings: over 10 000 agents this was most of a wait estimate's cost, paid on every
   * handoff. Eligibility here reads presence, skills and languages, which a view read never changes; the
   * agents' loads (`active`), which this instance's offers do change in place, are read at each estimate.
   */
  private staffing(loads: readonly AgentLoad[], req: MatchRequest): Staffing {
    let byQueue = this.staffed.get(loads);
    if (byQueue === undefined) this.staffed.set(loads, (byQueue = new Map<string, Staffing>()));
    const { queue } = req;
    const key = JSON.stringify([queue.id, queue.requiredSkills, queue.languages, req.channel, req.language]);
    let found = byQueue.get(key);
    if (found === undefined) {
      const agents = loads.filter((l) => isEligible({ agent: l.agent, active: {} }, req));
      found = { agents, slots: agents.reduce((n, l) => n + (l.agent.capacity[req.channel] ?? 0), 0) };
      byQueue.set(key, found);
    }
    return found;
  }

  /** Wait information for one handoff (null when it is not waiting). */
  async forHandoff(handoff: Handoff, queue: Queue): Promise<WaitInfo | null> {
    if (handoff.status !== 'queued' && handoff.status !== 'offered') return null;
    return (await this.forQueue(queue, WAITING_LIMIT)).get(handoff.id) ?? null;
  }
}

/** The customer's words for a wait (M1): truthful when nobody can come (R10). */
export const describeWait = (w: WaitInfo): string => {
  if (w.closed) {
    const when = w.opensAt === null ? 'when we reopen' : `when we open (${new Date(w.opensAt).toUTCString()})`;
    return `Our team is closed right now; we will pick this up ${when}. You can leave a message, or keep chatting with the assistant meanwhile.`;
  }
  if (w.estimatedWaitSeconds === null) {
    return 'Nobody from our team is available right now; you will be connected as soon as someone is. You can leave a message, or keep chatting with the assistant meanwhile.';
  }
  if (w.estimatedWaitSeconds < 30) return 'Someone will be with you in a moment.';
  const minutes = Math.max(1, Math.round(w.estimatedWaitSeconds / 60));
  return `You are number ${w.position} in line; the estimated wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
};
