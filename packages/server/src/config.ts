import { PII_TYPES, type PiiType } from '@baton/core';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting Baton reads from the environment, parsed once at start-up. Nothing else reads
 * `process.env`. All problems are reported together.
 */
export const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** PostgreSQL URL; without it Baton uses the embedded database in DATA_DIR. */
    DATABASE_URL: z.url().optional(),
    /** NATS URL; without it events stay in-process (one instance). */
    NATS_URL: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Signs session and conversation tokens. Must be the same on every instance. */
    BATON_SECRET: z.string().min(16).optional(),
    /** Comma-separated API keys for bots: `name:key`, `key`, or with scopes `name:key|conversations:write|handoffs:read` (docs/security.md). */
    BATON_BOT_KEYS: z.string().optional(),
    /** Seed the demo company, agents and queue when the database is empty. */
    BATON_DEMO: bool.optional(),
    /** Run the built-in assistant (V7) as a bot on this instance. */
    BATON_ASSISTANT: bool.optional(),
    /** Escalation policy file (YAML); the shipped default when unset. */
    BATON_POLICY_FILE: z.string().min(1).optional(),
    /** Intent model from `baton intent train` (JSON); customer turns are then classified when the bot does not say. */
    BATON_INTENT_MODEL: z.string().min(1).optional(),
    /** OpenAI-compatible endpoint for agent summaries (C7), up to and including /v1; offline summary without it. */
    BATON_LLM_BASE_URL: z.url().optional(),
    BATON_LLM_MODEL: z.string().min(1).optional(),
    BATON_LLM_API_KEY: z.string().min(1).optional(),
    /** Requests per minute per credential (or per IP without one); 0 turns rate limiting off. */
    BATON_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
    /** Public base URL used in links the server prints; defaults to http://HOST:PORT. */
    PUBLIC_URL: z.url().optional(),
    /** Comma-separated endpoints that receive every handoff lifecycle event (V5, docs/webhooks.md). */
    BATON_WEBHOOK_URLS: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ })))
      .optional(),
    /** Signs webhook requests (HMAC-SHA256); required with BATON_WEBHOOK_URLS, the same on every instance. */
    BATON_WEBHOOK_SECRET: z.string().min(16).optional(),
    /** Attempts per webhook delivery before it is marked failed (default 8). */
    BATON_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).optional(),
    /** Twilio auth token: switches the Twilio Voice integration on (docs/voice.md). */
    TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
    /** Twilio account SID, for placing the agent legs through the REST API. */
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC + 32 hex digits')
      .optional(),
    /** The Twilio number agent legs are called from (E.164). */
    TWILIO_CALLER_ID: z
      .string()
      .regex(/^\+[1-9][0-9]{6,14}$/, 'must be E.164, e.g. +15550100100')
      .optional(),
    /** How to ring each agent: `agentId=+15550100101,…` (default: Twilio Client identity `client:<agentId>`). */
    TWILIO_AGENT_NUMBERS: z.string().optional(),
    /** Twilio REST base URL (default https://api.twilio.com); tests point it at a local stub. */
    TWILIO_API_BASE_URL: z.url().optional(),
    /** Shared secret Vapi sends in `x-vapi-secret`: switches the Vapi handler on. */
    VAPI_SECRET: z.string().min(8).optional(),
    /** Retell API key (verifies `x-retell-signature`): switches the Retell handler on. */
    RETELL_API_KEY: z.string().min(8).optional(),
    /** Where voice AI platforms transfer to, per queue: `queueId=+15550100200,…` (V4). */
    BATON_VOICE_TRANSFER_NUMBERS: z.string().optional(),
    /** HubSpot private app token: switches the HubSpot CRM connector on (docs/context-package.md). */
    HUBSPOT_TOKEN: z.string().min(8).optional(),
    /** HubSpot API base URL (default https://api.hubapi.com); tests point it at a local stub. */
    HUBSPOT_BASE_URL: z.url().optional(),
    /** Contact property with the customer's tier (default `customer_tier`). */
    HUBSPOT_TIER_PROPERTY: z.string().min(1).optional(),
    /** HubSpot account id, for links to the contact in HubSpot. */
    HUBSPOT_PORTAL_ID: z.string().min(1).optional(),
    /** Salesforce org URL (e.g. https://acme.my.salesforce.com); with SALESFORCE_TOKEN switches Salesforce on. */
    SALESFORCE_INSTANCE_URL: z.url().optional(),
    /** Salesforce OAuth access token. */
    SALESFORCE_TOKEN: z.string().min(8).optional(),
    /** Salesforce REST API version (default v60.0). */
    SALESFORCE_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d$/, 'must look like v60.0')
      .optional(),
    /** Account field with the customer's tier, e.g. `Tier__c`. */
    SALESFORCE_TIER_FIELD: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a field API name')
      .optional(),
    /** Zendesk subdomain (`acme` for acme.zendesk.com); with ZENDESK_EMAIL and ZENDESK_TOKEN switches Zendesk on. */
    ZENDESK_SUBDOMAIN: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be the subdomain only, e.g. acme')
      .optional(),
    /** The Zendesk agent e-mail the API token belongs to. */
    ZENDESK_EMAIL: z.email().optional(),
    /** Zendesk API token. */
    ZENDESK_TOKEN: z.string().min(8).optional(),
    /** Zendesk API base URL (default https://SUBDOMAIN.zendesk.com); tests point it at a local stub. */
    ZENDESK_BASE_URL: z.url().optional(),
    /** Write handoff outcomes back to the CRM (default true); with NATS, instances share the work (once per handoff). */
    BATON_CRM_WRITE_BACK: bool.optional(),
    /** Budget for each slow part of the context package (CRM, history, LLM summary), ms (default 1500). */
    BATON_CONTEXT_PART_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).optional(),
    /** Folder of the business's own knowledge base as markdown files, for agent assist (A5). */
    BATON_KB_DIR: z.string().min(1).optional(),
    /** Days a closed conversation's transcript is kept before the retention job wipes it (P7); kept forever when unset. */
    BATON_RETENTION_TRANSCRIPT_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
    /** Days CRM data (customer attributes) is kept after the customer's last contact (P7); kept forever when unset. */
    BATON_RETENTION_CRM_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
    /**
     * Keys that encrypt CRM data and the kept originals of redacted turns at rest (AES-256-GCM): `id:base64key,…`,
     * current first, older ones still read (docs/security.md).
     */
    BATON_ENCRYPTION_KEYS: z.string().min(1).optional(),
    /**
     * Personal data redacted from transcripts before they are stored (P5, P4): `all`, or types such as
     * `CREDIT_CARD,IBAN,NATIONAL_ID`. The escalation engine still reads the original text of the turn.
     */
    BATON_REDACT_STORED: z
      .string()
      .min(1)
      .transform((v, issue): readonly PiiType[] | 'all' => {
        if (v.trim() === 'all') return 'all';
        const types = v.split(',').map((t) => t.trim().toUpperCase());
        const unknown = types.filter((t) => !(PII_TYPES as readonly string[]).includes(t));
        if (unknown.length > 0) {
          issue.addIssue({
            code: 'custom',
            message: `unknown type ${unknown.join(', ')}; one of ${PII_TYPES.join(', ')}`,
          });
          return z.NEVER;
        }
        return types as PiiType[];
      })
      .optional(),
    /**
     * Offers wait for PostgreSQL's WAL flush like every other write (default false: an offer's commit is
     * asynchronous; a PostgreSQL crash may forget the last few hundred ms of offers, which are routed again).
     */
    BATON_DURABLE_OFFERS: bool.optional(),
    /** An agent who lets an offer time out is set away (`missed_offer`) until available again (default true). */
    BATON_AWAY_AFTER_MISSED_OFFER: bool.optional(),
    /** Seconds between pings of every WebSocket; a socket that does not answer one is closed (default 30). */
    BATON_WS_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3_600).optional(),
    /** Minutes between two runs of the retention job in the server (default 60). */
    BATON_RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10_080).optional(),
  })
  .superRefine((env, issue) => {
    if (
      env.BATON_WEBHOOK_URLS !== undefined &&
      env.BATON_WEBHOOK_URLS.length > 0 &&
      env.BATON_WEBHOOK_SECRET === undefined
    ) {
      issue.addIssue({
        code: 'custom',
        path: ['BATON_WEBHOOK_SECRET'],
        message: 'required when BATON_WEBHOOK_URLS is set',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** The LLM settings come as a pair: a URL without a model (or the reverse) is a configuration error. */
const checkPairs = (env: Env): string[] => [
  ...((env.BATON_LLM_BASE_URL === undefined) !== (env.BATON_LLM_MODEL === undefined)
    ? ['BATON_LLM_BASE_URL and BATON_LLM_MODEL must be set together']
    : []),
  ...checkCrmGroups(env),
];

/** A CRM connector needs all of its settings: a partial group is a configuration error, not a silent "off". */
const checkCrmGroups = (env: Env): string[] => {
  const groups: [string, (string | undefined)[], string][] = [
    ['Salesforce', [env.SALESFORCE_INSTANCE_URL, env.SALESFORCE_TOKEN], 'SALESFORCE_INSTANCE_URL and SALESFORCE_TOKEN'],
    [
      'Zendesk',
      [env.ZENDESK_SUBDOMAIN, env.ZENDESK_EMAIL, env.ZENDESK_TOKEN],
      'ZENDESK_SUBDOMAIN, ZENDESK_EMAIL and ZENDESK_TOKEN',
    ],
  ];
  return groups
    .filter(([, values]) => values.some((v) => v !== undefined) && values.some((v) => v === undefined))
    .map(([name, , vars]) => `${name} needs ${vars} together`);
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every problem. */
export const parseEnv = (env: Record<string, string | undefined>): Env => {
  const result = envSchema.safeParse(env);
  if (result.success) {
    const problems = checkPairs(result.data);
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
};
