import { z } from 'zod';
import { handoffViewSchema } from './views.ts';

/** The handoff lifecycle events sent to webhook endpoints (V5). */
export const webhookEventTypeSchema = z.enum([
  'handoff.created',
  'handoff.offered',
  'handoff.accepted',
  'handoff.declined',
  'handoff.completed',
  'handoff.abandoned',
]);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/**
 * The body of every webhook request. `id` is unique per event and the same on every retry and replay:
 * receivers de-duplicate on it. Signed with `Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` (see docs/webhooks.md).
 */
export const webhookEventSchema = z.object({
  id: z.string(),
  type: webhookEventTypeSchema,
  /** When the event happened (ISO 8601). */
  createdAt: z.string(),
  data: z.object({
    handoff: handoffViewSchema,
    /** The agent concerned (offered / accepted / declined / completed), if any. */
    agentId: z.string().nullable(),
    /** For `handoff.declined`: rejected, timed_out or cancelled. */
    detail: z.string().optional(),
  }),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  endpoint: z.string(),
  status: z.enum(['pending', 'delivering', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

export const webhookAttemptViewSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type WebhookAttemptView = z.infer<typeof webhookAttemptViewSchema>;
