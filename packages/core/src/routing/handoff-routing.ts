/**
 * Routing of one stored handoff (R3, R4, R6, R7) for a store-backed server: what routing keeps on the handoff
 * between passes, and the pure steps over it. The indexed `Router` keeps the same state in memory; these
 * functions follow its rules (see router-core.ts: `effectiveSkills`, `applyStep`, `rekey`) so the server and
 * the simulator route alike. No I/O and no clock: every call takes `now`.
 */
import type { Decision } from '../escalation/types.ts';
import type { Channel } from '../conversation/types.ts';
import { meetsSkills } from './strategies.ts';
import { resolveRoute, type RoutingContext, type RoutingRules } from './rules.ts';
import type { AgentLoad, EscalationStep, Queue } from './types.ts';

/** The `routing:` section of the policy file: rules (R3), the preferred-agent hold (R4) and ageing (R7). */
export interface RoutingPolicy extends RoutingRules {
  /** How long a returning customer's handoff waits for the agent who last helped them; 0 = no preference. */
  preferredAgentTimeoutSeconds?: number;
  /** Priority points a waiting handoff gains per minute of waiting (R7); 0 = no ageing. */
  agingPerMinute?: number;
}

/** Default preferred-agent hold, s (the Router's default too). */
export const DEFAULT_PREFERRED_AGENT_TIMEOUT_SECONDS = 30;
/** Default ageing: one priority point per minute waited (the Router's 1/60 per second). */
export const DEFAULT_AGING_PER_MINUTE = 1;

/** What routing keeps on a handoff between routing passes. JSON-serialisable (stored as jsonb). */
export interface HandoffRouting {
  /** Skills the routing rules require on top of the queue's (higher level wins). */
  skills: Record<string, number>;
  /** Routing rules that matched when the handoff started, in order: the explanation (T11). */
  matched: string[];
  /** The agent who handled this customer's most recent handoff, or null. */
  preferredAgentId: string | null;
  /** ISO instant the hold for the preferred agent ends; null without one. */
  preferredUntil: string | null;
  /** Queue whose escalation steps apply: the first one entered, also after an overflow (as the Router). */
  stepsQueueId: string;
  /** How many of those steps have been applied. */
  step: number;
  /** Skill overrides from escalation steps (0 drops a requirement: widening); reset by an overflow. */
  overrides: Record<string, number>;
}

/** Numbers in CRM attributes may arrive as strings (`"1200"`); anything else is unknown. */
const numberOf = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** A CRM attribute by its camelCase name, else its snake_case spelling (CRMs and bots write both). */
const attribute = (attributes: Record<string, unknown>, name: string): unknown =>
  attributes[name] ?? attributes[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];

/** What routing rules may look at, gathered at handoff start. */
export interface RoutingFacts {
  decision: Pick<Decision, 'routing' | 'signals'>;
  /** The customer's CRM attributes (tier, leadScore, companySize, dealStage, product …); empty when unknown. */
  attributes: Record<string, unknown>;
  channel: Channel;
  language: string;
}

/**
 * The routing context (R3) from the decision and the customer: intent and issue type from the decision (the
 * bot's intent, the detected topic), else from CRM attributes of those names; sentiment from the decision's
 * `negative_sentiment` signal (so it reads 0 for neutral or positive turns: the engine keeps only the negative
 * side in the decision); tier, lead score, company size, deal stage and product from the CRM attributes.
 */
export const routingContext = (facts: RoutingFacts): RoutingContext => {
  const { decision, attributes } = facts;
  const context: RoutingContext = { channel: facts.channel, language: facts.language };
  const intent = decision.routing?.intent ?? textOf(attribute(attributes, 'intent'));
  const issueType = decision.routing?.topic ?? textOf(attribute(attributes, 'issueType'));
  if (intent !== undefined) context.intent = intent;
  if (issueType !== undefined) context.issueType = issueType;
  const negative = decision.signals.find((s) => s.name === 'negative_sentiment');
  if (negative !== undefined) context.sentiment = negative.score === 0 ? 0 : -negative.score;
  for (const key of ['tier', 'dealStage', 'product'] as const) {
    const v = textOf(attribute(attributes, key));
    if (v !== undefined) context[key] = v;
  }
  for (const key of ['leadScore', 'companySize'] as const) {
    const v = numberOf(attribute(attributes, key));
    if (v !== undefined) context[key] = v;
  }
  return context;
};

/** The outcome of the routing rules for a new handoff. */
export interface RoutePlan {
  /** Queues to try in order: the first matching rule's, the decision's, the policy default. */
  queueIds: string[];
  /** The queue the first matching rule names, or null: it wins over the decision's and the default. */
  ruleQueueId: string | null;
  /** The handoff's own priority (the queue's base is added by the caller). */
  priority: number;
  /** Skills the matching rules require. */
  skills: Record<string, number>;
  /** Names of the matching rules, in order. */
  matched: string[];
}

/**
 * Runs the routing rules. Priority: the higher of the decision's priority and the highest matching rule
 * `priority` (else `defaultPriority`), plus every matching `raisePriorityBy`; so a rule never lowers what the
 * escalation engine decided, and a raise always counts.
 */
export const planRoute = (
  context: RoutingContext,
  decision: Pick<Decision, 'routing' | 'priority'>,
  rules: RoutingRules | undefined,
): RoutePlan => {
  const decisionQueue = decision.routing?.queue;
  if (rules === undefined) {
    return {
      queueIds: decisionQueue === undefined ? [] : [decisionQueue],
      ruleQueueId: null,
      priority: decision.priority,
      skills: {},
      matched: [],
    };
  }
  const route = resolveRoute(context, rules);
  const byName = new Map(rules.rules.map((r) => [r.name, r]));
  const fired = route.matched.map((n) => byName.get(n)).filter((r) => r !== undefined);
  const ruleQueue = fired.find((r) => r.queue !== undefined)?.queue;
  const bases = fired.flatMap((r) => (r.priority === undefined ? [] : [r.priority]));
  const base = bases.length > 0 ? Math.max(...bases) : (rules.defaultPriority ?? 0);
  const raise = fired.reduce((sum, r) => sum + (r.raisePriorityBy ?? 0), 0);
  const queueIds = [ruleQueue, decisionQueue, rules.defaultQueue].filter((q): q is string => q !== undefined);
  return {
    queueIds: [...new Set(queueIds)],
    ruleQueueId: ruleQueue ?? null,
    priority: Math.max(decision.priority, base) + raise,
    skills: route.skills,
    matched: route.matched,
  };
};

/** The routing state of a handoff that starts in `queueId`, with an optional preferred agent held until `until`. */
export const initialHandoffRouting = (
  plan: Pick<RoutePlan, 'skills' | 'matched'>,
  queueId: string,
  preferred: { agentId: string; until: Date } | null,
): HandoffRouting => ({
  skills: plan.skills,
  matched: plan.matched,
  preferredAgentId: preferred?.agentId ?? null,
  preferredUntil: preferred?.until.toISOString() ?? null,
  stepsQueueId: queueId,
  step: 0,
  overrides: {},
});

/** Routing state for a handoff stored without one (older handoffs, transfers): the queue as it is. */
export const plainHandoffRouting = (queueId: string): HandoffRouting =>
  initialHandoffRouting({ skills: {}, matched: [] }, queueId, null);

/** Required skills: the queue's, raised by the rules' skills, then escalation overrides; levels ≤ 0 dropped. */
export const effectiveSkills = (
  queue: Pick<Queue, 'requiredSkills'>,
  routing: HandoffRouting,
): Record<string, number> => {
  const skills: Record<string, number> = { ...queue.requiredSkills };
  for (const [s, l] of Object.entries(routing.skills)) skills[s] = Math.max(skills[s] ?? 0, l);
  for (const [s, l] of Object.entries(routing.overrides)) skills[s] = l;
  for (const s of Object.keys(skills)) if ((skills[s] ?? 0) <= 0) delete skills[s];
  return skills;
};

/** The part of a handoff escalation steps change. */
export interface StepSubject {
  queueId: string;
  priority: number;
  /** When the handoff entered its first queue: steps count from here. */
  createdAt: Date;
  routing: HandoffRouting;
}

/** When step `index` of `steps` comes due for a handoff created at `createdAt`, or null when there is none. */
export const stepDueAt = (
  steps: readonly EscalationStep[] | undefined,
  index: number,
  createdAt: Date,
): Date | null => {
  const step = steps?.[index];
  return step === undefined ? null : new Date(createdAt.getTime() + step.afterSeconds * 1000);
};

/**
 * Applies, in order and each once, every escalation step of the first queue that is due by `now` (R6):
 * `skills` become overrides (widening), `overflowQueueId` moves the handoff when that queue exists (priority
 * follows the queue base, overrides reset), `raisePriorityBy` adds to the priority. `queues` looks up a queue
 * by id (null when unknown). Returns the subject unchanged (same object) when nothing was due.
 */
export const applyDueSteps = <T extends StepSubject>(
  subject: T,
  steps: readonly EscalationStep[] | undefined,
  queues: (id: string) => Pick<Queue, 'id' | 'priority'> | null,
  now: Date,
): T => {
  let next = subject;
  for (;;) {
    const r = next.routing;
    const due = stepDueAt(steps, r.step, next.createdAt);
    const step = steps?.[r.step];
    if (due === null || step === undefined || due.getTime() > now.getTime()) return next;
    let { queueId, priority } = next;
    let overrides = step.skills === undefined ? r.overrides : { ...r.overrides, ...step.skills };
    const target = step.overflowQueueId === undefined ? null : queues(step.overflowQueueId);
    if (target !== null) {
      const from = queues(queueId)?.priority ?? 0;
      priority += target.priority - from;
      queueId = target.id;
      // The new queue's requirements apply; widening done for the old queue does not carry over.
      overrides = {};
    }
    priority += step.raisePriorityBy ?? 0;
    next = { ...next, queueId, priority, routing: { ...r, step: r.step + 1, overrides } };
  }
};

/** True while the handoff is held for its preferred agent. */
export const preferenceHeld = (routing: HandoffRouting, now: Date): boolean =>
  routing.preferredAgentId !== null &&
  routing.preferredUntil !== null &&
  now.getTime() < new Date(routing.preferredUntil).getTime();

/**
 * The next instant routing must look at this handoff again without any other event: the end of the
 * preferred-agent hold, or the next escalation step; null when neither lies ahead.
 */
export const nextRoutingCheck = (
  subject: StepSubject,
  steps: readonly EscalationStep[] | undefined,
  now: Date,
): Date | null => {
  const times: number[] = [];
  const step = stepDueAt(steps, subject.routing.step, subject.createdAt);
  if (step !== null) times.push(step.getTime());
  if (preferenceHeld(subject.routing, now) && subject.routing.preferredUntil !== null)
    times.push(new Date(subject.routing.preferredUntil).getTime());
  const future = times.filter((t) => t > now.getTime());
  return future.length === 0 ? null : new Date(Math.min(...future));
};

/** Presences from which an agent is expected back on work soon: worth holding a handoff for (R4). */
const ON_SHIFT = new Set<AgentLoad['agent']['presence']>(['available', 'busy', 'wrap_up']);

/**
 * True when it is worth holding the handoff for this agent: they are on shift (available, busy or wrapping
 * up, not away or offline) and could take the work at all (skills, language, a slot on the channel),
 * whatever their load now. Holding for someone on a break or who can never take the work only delays the
 * customer.
 */
export const couldServe = (
  agent: AgentLoad['agent'],
  req: { queue: Pick<Queue, 'languages'>; channel: Channel; language: string; skills: Record<string, number> },
): boolean =>
  ON_SHIFT.has(agent.presence) &&
  (agent.capacity[req.channel] ?? 0) > 0 &&
  meetsSkills(agent.skills, req.skills) &&
  (req.queue.languages.length === 0 || agent.languages.includes(req.language));

/** Effective priority with ageing (R7): `priority + agingPerSecond × seconds waited`, as the Router's key. */
export const agedPriority = (priority: number, createdAt: Date, now: Date, agingPerSecond: number): number =>
  priority + (agingPerSecond * Math.max(0, now.getTime() - createdAt.getTime())) / 1000;

/**
 * Handoffs in routing order: highest effective priority first, then oldest, then id. With one ageing rate
 * for everyone this is the order of the static key `priority − r·createdAt`, so `now` does not change it;
 * it is taken anyway so the figure read in logs is the effective priority.
 */
export const byAgedPriority = <T extends { id: string; priority: number; createdAt: Date }>(
  handoffs: readonly T[],
  now: Date,
  agingPerSecond: number,
): T[] =>
  handoffs
    .map((h) => ({ h, key: agedPriority(h.priority, h.createdAt, now, agingPerSecond) }))
    .sort(
      (a, b) =>
        b.key - a.key ||
        a.h.createdAt.getTime() - b.h.createdAt.getTime() ||
        (a.h.id < b.h.id ? -1 : a.h.id > b.h.id ? 1 : 0),
    )
    .map((x) => x.h);
