import type { ServiceDeps } from './deps.ts';
import type { HandoffService } from './handoff-service.ts';

/** The presence reason of a wrap-up this timer started (R2); an agent may also choose `wrap_up` themselves. */
export const WRAP_UP_REASON = 'after_conversation';

const timerKey = (agentId: string): string => `wrap-up:${agentId}`;

/**
 * After-conversation work (R2, issue 4): when an agent's conversation ends (closed by either side, transferred,
 * handed back) and the agent has `wrapUpSeconds` > 0, the agent goes from `available` to `wrap_up` (reason
 * `after_conversation`) so routing, which offers only to `available` agents, leaves them time for notes. The
 * wrap-up ends when the timer runs out, when the agent submits the wrap-up form, or when they set themselves
 * available ("Ready"); then they are `available` again and waiting handoffs are routed.
 *
 * Every change is a compare-and-set on the stored presence: an agent who was away or offline is left alone, and
 * a timer that fires after the agent already chose another presence (or fires on two instances) writes nothing.
 * The timer goes through `deps.scheduler`; `recover` re-arms it at start from the stored presence, its
 * `presenceSince` and the agent's `wrapUpSeconds`, so a restart leaves nobody stuck in wrap-up.
 */
export class WrapUpTimer {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly handoffs: HandoffService,
  ) {
    // A close passes through HandoffService.endForConversation, which awaits this before routing again.
    handoffs.onAgentReleased(async (agentId) => {
      await this.begin(agentId);
    });
  }

  /**
   * Puts the agent into wrap-up if they have wrap-up time and are `available`; arms the timer that ends it.
   * Returns whether the agent entered wrap-up.
   */
  async begin(agentId: string): Promise<boolean> {
    const { store, clock } = this.deps;
    const agent = await store.getAgent(agentId);
    const seconds = agent?.wrapUpSeconds ?? 0;
    if (agent === null || seconds <= 0) return false;
    const entered = await this.handoffs.setPresence(agentId, 'wrap_up', {
      reason: WRAP_UP_REASON,
      onlyFrom: 'available',
    });
    if (entered) this.arm(agentId, new Date(clock.now().getTime() + seconds * 1000));
    return entered;
  }

  /**
   * Ends the agent's wrap-up now (timer, submitted form): back to `available` and routing runs. Returns false,
   * changing nothing, when the agent is not in wrap-up any more.
   */
  async end(agentId: string): Promise<boolean> {
    this.deps.scheduler.cancel(timerKey(agentId));
    return this.handoffs.setPresence(agentId, 'available', { onlyFrom: 'wrap_up' });
  }

  /** Drops this instance's timer: the agent chose a presence themselves, so the wrap-up is over. */
  forget(agentId: string): void {
    this.deps.scheduler.cancel(timerKey(agentId));
  }

  /** Re-arms the timers of agents the store shows in a wrap-up this timer started (at start, after a restart). */
  async recover(): Promise<number> {
    let armed = 0;
    for (const agent of await this.deps.store.listAgents()) {
      if (agent.presence !== 'wrap_up' || agent.presenceReason !== WRAP_UP_REASON) continue;
      // A setting lowered or switched off meanwhile shortens the wrap-up; one already over ends at once.
      const due = agent.presenceSince.getTime() + (agent.wrapUpSeconds ?? 0) * 1000;
      this.arm(agent.id, new Date(due));
      armed++;
    }
    return armed;
  }

  private arm(agentId: string, when: Date): void {
    this.deps.scheduler.at(timerKey(agentId), when, async () => {
      await this.end(agentId);
    });
  }
}
