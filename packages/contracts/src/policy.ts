import { z } from 'zod';
import { routingPolicySchema } from './routing-rules.ts';
import { PII_TYPE_NAMES } from './context-package.ts';

const score = z.number().min(0).max(1);
const priority = z.number().int().min(0).max(10);
const tolerance = z.enum(['immediate', 'push_back']);
const sensitiveTopic = z.enum(['bereavement', 'health', 'self_harm', 'vulnerability', 'harassment']);
const regulatedTopic = z.enum(['fraud', 'legal', 'formal_complaint', 'insurance_claim', 'medical']);
const PII_TYPES = PII_TYPE_NAMES;
/** `all`, or the PII types a role sees as written; one message names the unknown types and the valid ones. */
const piiVisibility = z.union([z.literal('all'), z.array(z.enum(PII_TYPES))], {
  error: (issue) => {
    const known = `use all, or a list of ${PII_TYPES.join(', ')}`;
    if (!Array.isArray(issue.input)) return known;
    const unknown = issue.input.filter((t: unknown) => !(PII_TYPES as readonly unknown[]).includes(t));
    return `unknown PII type ${unknown.map((t) => JSON.stringify(t)).join(', ')}; ${known}`;
  },
});

/**
 * The escalation policy file (T12), as written in YAML. Mirrors `EscalationPolicy` in @baton/core; the server
 * checks the two agree at compile time. Unknown keys are errors so a misspelt option never goes unnoticed.
 */
export const escalationPolicySchema = z.strictObject({
  version: z.string().min(1),
  /** R3, R4, R7: routing rules, preferred-agent hold and ageing; see routing-rules.ts. */
  routing: routingPolicySchema.optional(),
  explicitRequest: z.strictObject({
    enabled: z.boolean().optional(),
    threshold: score,
    riskTolerance: tolerance,
    riskToleranceByIntent: z.record(z.string(), tolerance).optional(),
    priority,
  }),
  frustration: z
    .strictObject({
      enabled: z.boolean(),
      sentimentLevel: z.number().min(-1).max(1),
      sentimentTrend: z.number().min(-2).max(0),
      trendWindow: z.number().int().min(2).max(8),
      profanity: z.boolean(),
      shouting: z.boolean(),
      explicit: z.boolean(),
      repetitionSimilarity: score,
      repetitionCount: z.number().int().min(2),
      fallbackStreak: z.number().int().min(1),
      loudnessDb: z.number().positive(),
      scoreThreshold: score,
      priority,
    })
    .optional(),
  lowUnderstanding: z
    .strictObject({
      enabled: z.boolean(),
      intentConfidence: score,
      turns: z.number().int().min(1),
      fallbacks: z.number().int().min(0),
      asrConfidence: score,
      asrTurns: z.number().int().min(0),
      maxClarifications: z.number().int().min(0).max(10),
      clarifyPrompt: z.string().min(1),
      priority,
    })
    .optional(),
  sensitive: z
    .strictObject({
      enabled: z.boolean(),
      topics: z.array(sensitiveTopic),
      handoffTopics: z.array(sensitiveTopic),
      offerPrompt: z.string().min(1),
      priority,
    })
    .optional(),
  regulated: z
    .strictObject({
      enabled: z.boolean(),
      topics: z.array(regulatedTopic),
      queues: z.record(z.string(), z.string()).optional(),
      priority,
    })
    .optional(),
  customerValue: z
    .strictObject({
      enabled: z.boolean(),
      rules: z.array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9_]+$/, 'use lower-case letters, digits and _'),
          when: z
            .array(
              z.strictObject({
                field: z.string().min(1),
                op: z.enum(['eq', 'in', 'gte', 'lte']),
                value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
              }),
            )
            .min(1),
          priority,
          queue: z.string().optional(),
        }),
      ),
      revenueIntents: z.array(z.string()),
      revenuePriority: priority,
    })
    .optional(),
  complexity: z
    .strictObject({
      enabled: z.boolean(),
      intents: z.array(z.string()),
      multiIntent: z.number().int().min(0),
      maxTurnsWithoutProgress: z.number().int().min(0),
      priority,
    })
    .optional(),
  slots: z
    .strictObject({
      enabled: z.boolean(),
      byIntent: z.record(z.string(), z.array(z.string())),
      maxTurns: z.number().int().min(0),
    })
    .optional(),
  consent: z
    .strictObject({
      recordingDeclined: z.enum(['keep', 'redact', 'discard']),
      unanswered: z.enum(['granted', 'declined']),
    })
    .optional(),
  privacy: z
    .strictObject({
      /** PII types each role sees as written; every other type shows as its placeholder (`[CARD]`). */
      visible: z.strictObject({ agent: piiVisibility, supervisor: piiVisibility, admin: piiVisibility }),
    })
    .optional(),
});

/** A parsed, valid policy file. */
export type EscalationPolicyFile = z.infer<typeof escalationPolicySchema>;
