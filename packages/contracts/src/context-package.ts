import { z } from 'zod';

/**
 * The context package (C1–C10) as it leaves the server: with an offer, on accept, and later by webhook and
 * desk adapters. Mirrors `ContextPackage` in @baton/core (a server test checks built packages parse here).
 * Published as JSON Schema in docs/context-package.schema.json (`npx tsx scripts/…` see docs/context-package.md).
 * Version 1.x: fields are only ever added, optional, within a major version.
 */
export const CONTEXT_PACKAGE_SCHEMA_VERSION = '1.0';

const channel = z.enum(['chat', 'voice', 'email', 'sms']);
const role = z.enum(['customer', 'assistant', 'agent', 'system']);
/** The PII types Baton detects (core's `PII_TYPES`; contracts do not depend on core). */
export const PII_TYPE_NAMES = [
  'CREDIT_CARD',
  'NATIONAL_ID',
  'IBAN',
  'EMAIL',
  'PHONE',
  'PERSON',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'IP_ADDRESS',
] as const;
const piiType = z.enum(PII_TYPE_NAMES);

export const contextIdentitySchema = z
  .object({
    customerId: z.string().nullable(),
    externalId: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    accountId: z.string().nullable(),
    company: z.string().nullable(),
    verified: z.boolean(),
  })
  .describe('C1: who the customer is');

export const contextCrmSchema = z
  .object({
    source: z.string().describe('builtin, hubspot, salesforce, zendesk ...'),
    tier: z.string().nullable(),
    leadScore: z.number().nullable(),
    dealStage: z.string().nullable(),
    accountValue: z.number().nullable(),
    orderNumbers: z.array(z.string()),
    openTickets: z.array(z.object({ id: z.string(), subject: z.string(), status: z.string() })),
    attributes: z.record(z.string(), z.unknown()),
  })
  .describe('C2: what the CRM knows');

export const contextHistoryItemSchema = z
  .object({
    conversationId: z.string(),
    channel,
    startedAt: z.string(),
    closedAt: z.string().nullable(),
    status: z.string(),
    outcome: z.string().nullable(),
    agentName: z.string().nullable(),
    summary: z.string().nullable(),
  })
  .describe('C4: an earlier conversation with the same customer');

export const contextTurnSchema = z
  .object({
    seq: z.number().int(),
    role,
    channel,
    authorName: z.string().nullable(),
    text: z.string().describe('redacted by policy'),
    at: z.string(),
    redactions: z.number().int().describe('PII spans replaced in this turn'),
  })
  .describe('C3: one transcript turn');

export const contextSummarySchema = z
  .object({
    issue: z.string(),
    tried: z.string(),
    wants: z.string(),
    nextStep: z.string(),
    text: z.string(),
    source: z.enum(['extractive', 'llm']),
  })
  .describe('C7: the note for the agent');

export const contextPackageSchema = z
  .object({
    schemaVersion: z.literal(CONTEXT_PACKAGE_SCHEMA_VERSION),
    conversationId: z.string(),
    handoffId: z.string().nullable(),
    channel,
    language: z.string(),
    builtAt: z.string(),
    priority: z.number(),
    identity: contextIdentitySchema.nullable(),
    crm: contextCrmSchema.nullable(),
    history: z.array(contextHistoryItemSchema),
    transcript: z.array(contextTurnSchema),
    intents: z.array(z.object({ name: z.string(), confidence: z.number(), turnSeq: z.number().int() })).describe('C5'),
    entities: z.array(z.object({ type: z.string(), value: z.string(), turnSeq: z.number().int() })).describe('C5'),
    slots: z.record(z.string(), z.string()).describe('C5: slots the assistant collected'),
    actions: z
      .array(z.object({ action: z.string(), turnSeq: z.number().int() }))
      .describe('C5: what the assistant already did'),
    sentiment: z
      .array(z.object({ turnSeq: z.number().int(), score: z.number() }))
      .describe('C6: per customer turn, -1..1'),
    signals: z
      .array(
        z.object({ name: z.string(), score: z.number(), turnSeq: z.number().int(), evidence: z.string().nullable() }),
      )
      .describe('C6: signals that fired, from the stored decisions'),
    reason: z.object({ code: z.string(), agent: z.string(), customer: z.string() }).nullable().describe('C8'),
    summary: contextSummarySchema,
    bridgeMessage: z.string().describe('C9: what the agent can send first'),
    missing: z.array(z.string()).describe('parts that could not be filled (crm, history, summary.llm ...)'),
    redaction: z.object({ types: z.array(piiType), spans: z.number().int() }),
  })
  .describe('Baton context package');
export type ContextPackageView = z.infer<typeof contextPackageSchema>;

/** The JSON Schema (draft 2020-12) of the package, as written to docs/context-package.schema.json. */
export const contextPackageJsonSchema = (): Record<string, unknown> =>
  z.toJSONSchema(contextPackageSchema, { target: 'draft-2020-12' });
