import { z } from 'zod';
import {
  agentViewSchema,
  channelSchema,
  consentViewSchema,
  surveyViewSchema,
  conversationViewSchema,
  decisionViewSchema,
  handoffNoticeSchema,
  publicTurnSchema,
} from './views.ts';

/** Size limits shared by the server and the clients (P8). */
export const limits = {
  turnText: 4000,
  name: 200,
  attributes: 50,
} as const;

const shortText = z.string().trim().min(1).max(limits.name);

export const customerInputSchema = z
  .object({
    externalId: shortText.optional(),
    name: shortText.optional(),
    email: z.email().max(limits.name).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{5,20}$/, 'phone must be digits, spaces, (), - with an optional +')
      .optional(),
    attributes: z
      .record(z.string().max(64), z.union([z.string().max(limits.name), z.number(), z.boolean()]))
      .refine((r) => Object.keys(r).length <= limits.attributes, `at most ${limits.attributes} attributes`)
      .optional(),
  })
  .strict();
export type CustomerInput = z.infer<typeof customerInputSchema>;

export const createConversationBodySchema = z
  .object({
    channel: channelSchema.default('chat'),
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'language must be like "en" or "en-GB"')
      .default('en'),
    customer: customerInputSchema.optional(),
  })
  .strict();
export type CreateConversationBody = z.input<typeof createConversationBodySchema>;

export const createConversationResponseSchema = z.object({
  conversation: conversationViewSchema,
  /** Bearer token scoped to this one conversation, for the customer's side (widget). */
  token: z.string(),
});
export type CreateConversationResponse = z.infer<typeof createConversationResponseSchema>;

export const annotationsSchema = z
  .object({
    intent: z.object({ name: z.string().max(100), confidence: z.number().min(0).max(1) }).optional(),
    fallback: z.boolean().optional(),
    slots: z.record(z.string().max(64), z.string().max(limits.name)).optional(),
    actions: z.array(z.string().max(limits.name)).max(50).optional(),
    prosody: z
      .object({
        loudnessDb: z.number().min(-100).max(100).optional(),
        asrConfidence: z.number().min(0).max(1).optional(),
      })
      .optional(),
  })
  .strict();

export const addTurnBodySchema = z
  .object({
    /** Customer's side: `customer`. Bots may also report `assistant` turns. */
    role: z.enum(['customer', 'assistant']),
    text: z.string().trim().min(1).max(limits.turnText),
    annotations: annotationsSchema.optional(),
    /** Retries with the same key return the first result instead of adding the turn twice. */
    idempotencyKey: z.string().min(1).max(100).optional(),
  })
  .strict();
export type AddTurnBody = z.input<typeof addTurnBodySchema>;

export const addTurnResponseSchema = z.object({
  turn: publicTurnSchema,
  /** Present for bot callers; omitted for the widget (customers never see decision internals). */
  decision: decisionViewSchema.optional(),
  conversation: conversationViewSchema,
  /** Set when a handoff is in progress: what to tell the customer. */
  handoff: handoffNoticeSchema.nullable(),
  /** Baton's own message to the customer, if this turn produced one (transparency message). */
  notice: publicTurnSchema.nullable(),
  /** False when the idempotency key matched an earlier turn. */
  created: z.boolean(),
});
export type AddTurnResponse = z.infer<typeof addTurnResponseSchema>;

export const conversationDetailSchema = z.object({
  conversation: conversationViewSchema,
  turns: z.array(publicTurnSchema),
  handoff: handoffNoticeSchema.nullable(),
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const loginBodySchema = z
  .object({ email: z.email().max(limits.name), password: z.string().min(1).max(200) })
  .strict();
export const loginResponseSchema = z.object({ token: z.string(), agent: agentViewSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const idParamsSchema = z.object({ id: z.string().min(1).max(100) });

// ---- customer: consent and survey (P1, M6, M7) ----

export const consentBodySchema = z
  .object({
    recording: z.enum(['granted', 'declined']),
    /** The disclosure and consent text exactly as shown to the customer. */
    wording: z.string().trim().min(1).max(2000),
    /** Language of the wording; the conversation's language when absent. */
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'language must be like "en" or "en-GB"')
      .optional(),
  })
  .strict();
export type ConsentBody = z.input<typeof consentBodySchema>;
export const consentResponseSchema = z.object({ consent: consentViewSchema.nullable() });
export type ConsentResponse = z.infer<typeof consentResponseSchema>;

export const surveyBodySchema = z
  .object({
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(1000).optional(),
  })
  .strict();
export type SurveyBody = z.input<typeof surveyBodySchema>;
/** Whether the survey applies (a person handled the conversation and it ended) and the answer, if any. */
export const surveyStatusSchema = z.object({ eligible: z.boolean(), survey: surveyViewSchema.nullable() });
export type SurveyStatus = z.infer<typeof surveyStatusSchema>;

// ---- supervisor: the kept original of a redacted turn (P5, P6) ----

export const turnOriginalParamsSchema = z.object({
  id: z.string().min(1).max(100),
  turnId: z.string().min(1).max(100),
});

/** Revealing an original is a disclosure: who asks says why, and the reason goes to the audit chain. */
export const revealOriginalBodySchema = z
  .object({
    /** Why the original is needed (a dispute, a fraud check …); at least a few words. */
    reason: z.string().trim().min(5).max(500),
  })
  .strict();
export type RevealOriginalBody = z.input<typeof revealOriginalBodySchema>;

export const turnOriginalViewSchema = z.object({
  conversationId: z.string(),
  turnId: z.string(),
  /** The turn's text as written, before BATON_REDACT_STORED replaced personal data by placeholders. */
  text: z.string(),
  revealedAt: z.string(),
});
export type TurnOriginalView = z.infer<typeof turnOriginalViewSchema>;

// ---- supervisor: escalation policy editing (T12) ----

export const policyProblemSchema = z.object({ line: z.number().int(), path: z.string(), message: z.string() });
export type PolicyProblemView = z.infer<typeof policyProblemSchema>;

export const policyDocumentSchema = z.object({
  /** The policy in force, as YAML. */
  yaml: z.string(),
  version: z.string(),
  /** `file` when the server runs with a policy file (saving writes it); `memory` otherwise. */
  source: z.enum(['file', 'memory']),
  path: z.string().nullable(),
  /** Policy tests to run before saving (YAML, the `baton policy test` format). */
  tests: z.string(),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

export const policyBodySchema = z.object({ yaml: z.string().max(64_000) }).strict();
export const policyValidationSchema = z.object({
  valid: z.boolean(),
  version: z.string().nullable(),
  problems: z.array(policyProblemSchema),
});
export type PolicyValidation = z.infer<typeof policyValidationSchema>;

export const policyTestBodySchema = z.object({ yaml: z.string().max(64_000), tests: z.string().max(64_000) }).strict();
export const policyTestResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  failures: z.array(z.string()),
  decision: z.object({ kind: z.string(), rule: z.string().nullable() }),
});
export const policyTestResponseSchema = z.object({
  version: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  results: z.array(policyTestResultSchema),
});
export type PolicyTestResponse = z.infer<typeof policyTestResponseSchema>;
export const policySavedSchema = z.object({ version: z.string(), source: z.enum(['file', 'memory']) });
export type PolicySaved = z.infer<typeof policySavedSchema>;
