import {
  applyDueSteps,
  byAgedPriority,
  couldServe,
  DEFAULT_AGING_PER_MINUTE,
  DEFAULT_PREFERRED_AGENT_TIMEOUT_SECONDS,
  DomainError,
  effectiveSkills,
  initialHandoffRouting,
  nextRoutingCheck,
  planRoute,
  plainHandoffRouting,
  preferenceHeld,
  routingContext,
  stepDueAt,
  type AgentLoad,
  type Conversation,
  type Decision,
  type EscalationStep,
  type Handoff,
  type HandoffReason,
  type HandoffRouting,
  type MatchRequest,
  type Queue,
} from '@baton/core';
import type { ServiceDeps } from './deps.ts';

/** Where a new handoff goes and what routing keeps on it. */
export interface StartPlan {
  queue: Queue;
  /** The handoff's own priority; the queue's base is added by the caller. */
  priority: number;
  routing: HandoffRouting;
}

/** A queued handoff ready to match: escalation steps due by now applied and saved. */
export interface PreparedHandoff {
  handoff: Handoff;
  /** The queue it is in now (an overflow step may have moved it). */
  queue: Queue;
  routing: HandoffRouting;
  /** The escalation steps that apply: those of the first queue it entered. */
  steps: readonly EscalationStep[] | undefined;
}

type BaseRequest = Pick<MatchRequest, 'queue' | 'channel' | 'language' | 'exclude'>;

/**
 * The routing model of the policy on the server path (R3, R4, R6, R7), beside HandoffService so its hot path
 * stays readable:
 *   - `plan` at handoff start: routing rules over the decision and the customer's CRM attributes pick the
 *     queue, priority and skills; the agent of the customer's last handoff becomes the preferred agent;
 *   - `prepare` before each match: escalation steps whose time has come are applied once and saved
 *     (compare-and-set on `queued`, so two instances applying the same step write the same thing);
 *   - `request` builds the match: effective skills, preferred agent and whether the handoff is held for them;
 *   - `arm` sets one timer per waiting handoff for the next hold end or step, through the scheduler, so
 *     nothing polls; after a restart `recover` → `routeWaiting` → `route` arms them again;
 *   - `order`: queued handoffs by priority with ageing.
 */
export class RoutingPlanner {
  constructor(private readonly deps: ServiceDeps) {}

  private policy() {
    return this.deps.policy().routing;
  }

  /** Priority points per second of waiting (R7). */
  agingPerSecond(): number {
    return (this.policy()?.agingPerMinute ?? DEFAULT_AGING_PER_MINUTE) / 60;
  }

  /**
   * Routing of a new handoff: rules over the routing context; the queue the first matching rule names, else
   * the decision's, else the policy's default, else the first queue by id; the agent who handled this
   * customer's most recent handoff held for `preferredAgentTimeoutSeconds`. The customer, their last agent and
   * the queue the rules fall back to are read together (the customer only when known); a queue named by a rule
   * costs one more read.
   */
  async plan(conversation: Conversation, decision: Decision): Promise<StartPlan> {
    const { store, clock } = this.deps;
    const policy = this.policy();
    const holdSeconds = policy?.preferredAgentTimeoutSeconds ?? DEFAULT_PREFERRED_AGENT_TIMEOUT_SECONDS;
    const customerId = conversation.customerId;
    const fallbackIds = [decision.routing?.queue, policy?.defaultQueue].filter((q) => q !== undefined);
    const [customer, lastAgent, fallback] = await Promise.all([
      customerId === null || policy === undefined ? null : store.getCustomer(customerId),
      customerId === null || holdSeconds <= 0 ? null : store.lastAgentForCustomer(customerId),
      this.firstQueue(fallbackIds),
    ]);
    const context = routingContext({
      decision,
      attributes: customer?.attributes ?? {},
      channel: conversation.channel,
      language: conversation.language,
    });
    const route = planRoute(context, decision, policy);
    const named = route.ruleQueueId;
    const queue = named === null || named === fallback.id ? fallback : ((await store.getQueue(named)) ?? fallback);
    const now = clock.now();
    const preferred =
      lastAgent === null ? null : { agentId: lastAgent, until: new Date(now.getTime() + holdSeconds * 1000) };
    return { queue, priority: route.priority, routing: initialHandoffRouting(route, queue.id, preferred) };
  }

  /** The first of these queues that exists, else the first queue by id (the default before any policy). */
  private async firstQueue(ids: readonly string[]): Promise<Queue> {
    const { store } = this.deps;
    for (const id of ids) {
      const q = await store.getQueue(id);
      if (q !== null) return q;
    }
    const queues = await store.listQueues();
    const first = [...queues].sort((a, b) => a.id.localeCompare(b.id))[0];
    if (first === undefined) throw new DomainError('queue_not_found', 'no queue is configured');
    return first;
  }

  /** The reason for the agent with the routing rules that matched (T11): why this queue and priority. */
  explain(reason: HandoffReason, routing: HandoffRouting): HandoffReason {
    if (routing.matched.length === 0) return reason;
    return { ...reason, agent: `${reason.agent} Routing rules: ${routing.matched.join(', ')}.` };
  }

  /**
   * Applies the escalation steps due by now (R6) to a queued handoff and saves them. Returns null when the
   * handoff moved on meanwhile (offered or ended elsewhere). Reads nothing unless a step is due.
   */
  async prepare(handoff: Handoff, queue: Queue): Promise<PreparedHandoff | null> {
    const { store, clock, log } = this.deps;
    const routing = handoff.routing ?? plainHandoffRouting(handoff.queueId);
    const stepsQueue = routing.stepsQueueId === queue.id ? queue : await store.getQueue(routing.stepsQueueId);
    const steps = stepsQueue?.escalation;
    const now = clock.now();
    const due = stepDueAt(steps, routing.step, handoff.createdAt);
    if (due === null || due.getTime() > now.getTime()) return { handoff, queue, routing, steps };
    const known = new Map<string, Queue>([[queue.id, queue]]);
    if (stepsQueue !== null) known.set(stepsQueue.id, stepsQueue);
    for (const s of steps ?? []) {
      const id = s.overflowQueueId;
      if (id === undefined || known.has(id)) continue;
      const q = await store.getQueue(id);
      if (q !== null) known.set(id, q);
    }
    const subject = { queueId: handoff.queueId, priority: handoff.priority, createdAt: handoff.createdAt, routing };
    const next = applyDueSteps(subject, steps, (id) => known.get(id) ?? null, now);
    const saved = await store.updateHandoff(
      { ...handoff, queueId: next.queueId, priority: next.priority, routing: next.routing },
      'queued',
    );
    if (saved === null) return null;
    log.info(
      {
        handoffId: handoff.id,
        steps: next.routing.step - routing.step,
        queueId: next.queueId,
        priority: next.priority,
      },
      'escalation steps applied',
    );
    return { handoff: saved, queue: known.get(saved.queueId) ?? queue, routing: next.routing, steps };
  }

  /**
   * The match request for a prepared handoff (R3, R4, R6): the effective skills, the preferred agent unless
   * they declined it, and `preferredOnly` while the hold lasts and that agent could take the work at all.
   */
  request(p: PreparedHandoff, loads: readonly AgentLoad[], base: BaseRequest): MatchRequest {
    const skills = effectiveSkills(p.queue, p.routing);
    const wanted = p.routing.preferredAgentId;
    const preferredAgentId = wanted !== null && !p.handoff.declinedBy.includes(wanted) ? wanted : null;
    const req: MatchRequest = { ...base, skills, preferredAgentId };
    if (preferredAgentId !== null && preferenceHeld(p.routing, this.deps.clock.now())) {
      const agent = loads.find((l) => l.agent.id === preferredAgentId)?.agent;
      if (agent !== undefined && couldServe(agent, { ...base, skills })) req.preferredOnly = true;
    }
    return req;
  }

  /**
   * A handoff that stays queued is looked at again when its hold ends or its next step comes due: one timer
   * per handoff (the key replaces an earlier one). Firing late or twice is harmless: `route` re-reads the
   * handoff and steps are applied by count.
   */
  arm(p: PreparedHandoff, fire: () => Promise<unknown>): void {
    const subject = { ...p.handoff, routing: p.routing };
    const at = nextRoutingCheck(subject, p.steps, this.deps.clock.now());
    if (at === null) return;
    this.deps.scheduler.at(`routing:${p.handoff.id}`, at, async () => {
      await fire();
    });
  }

  /** Queued handoffs in routing order: priority with ageing (R7), then oldest. */
  order(handoffs: readonly Handoff[]): Handoff[] {
    return byAgedPriority(handoffs, this.deps.clock.now(), this.agingPerSecond());
  }
}
