import { z } from 'zod';

const names = z.array(z.string().min(1)).min(1);
const range = z
  .strictObject({ gte: z.number().optional(), lte: z.number().optional() })
  .refine((r) => r.gte === undefined || r.lte === undefined || r.gte <= r.lte, { message: 'gte must be ≤ lte' });
const level = z.number().int().min(0).max(10);

/**
 * Routing rules (R3) as written in the policy file, under `routing:`. Mirrors `RoutingRules` in @baton/core
 * (`resolveRoute`). Unknown keys are errors so a misspelt condition never silently matches everything.
 *
 * ```yaml
 * routing:
 *   defaultQueue: support
 *   rules:
 *     - name: enterprise-lead
 *       when: { companySize: { gte: 1000 }, dealStage: [negotiation, proposal] }
 *       queue: senior-ae
 *       priority: 8
 *     - name: angry-gold
 *       when: { tier: [gold, platinum], sentiment: { lte: -0.4 } }
 *       raisePriorityBy: 2
 * ```
 */
export const routingConditionsSchema = z.strictObject({
  intent: names.optional(),
  issueType: names.optional(),
  tier: names.optional(),
  language: names.optional(),
  product: names.optional(),
  dealStage: names.optional(),
  channel: names.optional(),
  leadScore: range.optional(),
  sentiment: range.optional(),
  companySize: range.optional(),
});

export const routingRuleSchema = z.strictObject({
  name: z.string().min(1),
  when: routingConditionsSchema,
  queue: z.string().min(1).optional(),
  priority: z.number().int().min(0).max(100).optional(),
  raisePriorityBy: z.number().int().min(-100).max(100).optional(),
  skills: z.record(z.string().min(1), level).optional(),
  stop: z.boolean().optional(),
});

const routingRulesShape = {
  defaultQueue: z.string().min(1),
  defaultPriority: z.number().int().min(0).max(100).optional(),
  rules: z.array(routingRuleSchema),
};

/** Rule names are the explanation shown to agents (T11): two rules of one name would make it ambiguous. */
const uniqueNames = (r: { rules: { name: string }[] }, ctx: z.core.$RefinementCtx): void => {
  const seen = new Set<string>();
  r.rules.forEach((rule, i) => {
    if (seen.has(rule.name))
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `duplicate rule name "${rule.name}"` });
    seen.add(rule.name);
  });
};

export const routingRulesSchema = z.strictObject(routingRulesShape).superRefine(uniqueNames);

export type RoutingRulesFile = z.infer<typeof routingRulesSchema>;

/**
 * The `routing:` section of the policy file: the rules plus the preferred-agent hold (R4) and the ageing rate
 * (R7). Mirrors `RoutingPolicy` in @baton/core.
 *
 * ```yaml
 * routing:
 *   defaultQueue: support
 *   preferredAgentTimeoutSeconds: 30 # wait this long for the agent who last helped the customer; 0 = never
 *   agingPerMinute: 1 # priority points a waiting handoff gains per minute; 0 = no ageing
 *   rules: [...]
 * ```
 */
export const routingPolicySchema = z
  .strictObject({
    ...routingRulesShape,
    preferredAgentTimeoutSeconds: z.number().int().min(0).max(3600).optional(),
    agingPerMinute: z.number().min(0).max(100).optional(),
  })
  .superRefine(uniqueNames);
