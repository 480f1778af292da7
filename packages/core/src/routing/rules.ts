/**
 * Routing rules (R3): from what is known about the conversation to a queue, a priority and skills. The rules
 * sit in the escalation policy file (schema: `routingRulesSchema` in @baton/contracts); this is the pure
 * evaluation. O(rules × conditions) per call.
 */

/** What routing may look at. Every field is optional: a condition on a missing field does not match. */
export interface RoutingContext {
  intent?: string;
  issueType?: string;
  tier?: string;
  leadScore?: number;
  language?: string;
  /** −1 (very negative) … 1. */
  sentiment?: number;
  product?: string;
  /** Employees. */
  companySize?: number;
  dealStage?: string;
  channel?: string;
}

/** A numeric range; both ends inclusive and optional. */
export interface Range {
  gte?: number;
  lte?: number;
}

/** Every listed condition must hold. A string list matches any of its values (case-insensitive). */
export interface RoutingConditions {
  intent?: string[];
  issueType?: string[];
  tier?: string[];
  language?: string[];
  product?: string[];
  dealStage?: string[];
  channel?: string[];
  leadScore?: Range;
  sentiment?: Range;
  companySize?: Range;
}

export interface RoutingRule {
  name: string;
  when: RoutingConditions;
  /** The first matching rule that names a queue decides the queue. */
  queue?: string;
  /** The highest `priority` among matching rules is the base… */
  priority?: number;
  /** …and every matching rule's `raisePriorityBy` is added to it. */
  raisePriorityBy?: number;
  /** Skill → minimum level, merged over matching rules (highest level wins). */
  skills?: Record<string, number>;
  /** Stop evaluating after this rule when it matches. */
  stop?: boolean;
}

export interface RoutingRules {
  defaultQueue: string;
  defaultPriority?: number;
  rules: RoutingRule[];
}

export interface ResolvedRoute {
  queueId: string;
  priority: number;
  skills: Record<string, number>;
  /** Names of the rules that matched, in order: the explanation (T11). */
  matched: string[];
}

const inList = (list: string[] | undefined, value: string | undefined): boolean => {
  if (list === undefined) return true;
  if (value === undefined) return false;
  const v = value.toLowerCase();
  return list.some((x) => x.toLowerCase() === v);
};

const inRange = (range: Range | undefined, value: number | undefined): boolean => {
  if (range === undefined) return true;
  if (value === undefined || Number.isNaN(value)) return false;
  return (range.gte === undefined || value >= range.gte) && (range.lte === undefined || value <= range.lte);
};

/** True when every condition of the rule holds for the context. */
export const ruleMatches = (when: RoutingConditions, c: RoutingContext): boolean =>
  inList(when.intent, c.intent) &&
  inList(when.issueType, c.issueType) &&
  inList(when.tier, c.tier) &&
  inList(when.language, c.language) &&
  inList(when.product, c.product) &&
  inList(when.dealStage, c.dealStage) &&
  inList(when.channel, c.channel) &&
  inRange(when.leadScore, c.leadScore) &&
  inRange(when.sentiment, c.sentiment) &&
  inRange(when.companySize, c.companySize);

/**
 * Evaluates the rules in order. Queue: the first matching rule with a `queue`, else `defaultQueue`. Priority:
 * max of matching `priority` (else `defaultPriority`, else 0) plus the sum of matching `raisePriorityBy`.
 * Skills: union, highest level per skill.
 */
export const resolveRoute = (context: RoutingContext, rules: RoutingRules): ResolvedRoute => {
  let queueId: string | undefined;
  let priority: number | undefined;
  let raise = 0;
  const skills: Record<string, number> = {};
  const matched: string[] = [];
  for (const rule of rules.rules) {
    if (!ruleMatches(rule.when, context)) continue;
    matched.push(rule.name);
    if (queueId === undefined && rule.queue !== undefined) queueId = rule.queue;
    if (rule.priority !== undefined) priority = Math.max(priority ?? -Infinity, rule.priority);
    raise += rule.raisePriorityBy ?? 0;
    for (const [skill, level] of Object.entries(rule.skills ?? {})) skills[skill] = Math.max(skills[skill] ?? 0, level);
    if (rule.stop === true) break;
  }
  return {
    queueId: queueId ?? rules.defaultQueue,
    priority: (priority ?? rules.defaultPriority ?? 0) + raise,
    skills,
    matched,
  };
};
