import { z } from 'zod';

/**
 * `GET /v1/analytics/summary` (N1–N8, issue 9): the response the server validates and serialises, and the
 * OpenAPI document shows. It mirrors `AnalyticsSummary` in packages/core/src/analytics/summary.ts, where
 * every figure is defined; a figure added there and not here is dropped from the response, which the
 * ground-truth test of the endpoint would catch.
 */

/** Seconds; null when the sample is empty. */
const seconds = z.number().nullable();
const share = z.number().min(0).max(1).nullable();

export const analyticsDistributionSchema = z.object({
  count: z.number().int(),
  mean: seconds,
  p50: seconds,
  p90: seconds,
  p95: seconds,
  p99: seconds,
  max: seconds,
  buckets: z.array(
    z.object({ le: z.number().nullable().describe('Inclusive upper bound; null: +Inf'), count: z.number().int() }),
  ),
});

const funnelRow = z.object({
  reason: z.string(),
  triggered: z.number().int(),
  queued: z.number().int(),
  offered: z.number().int(),
  connected: z.number().int(),
  resolved: z.number().int(),
  abandoned: z.number().int(),
});

const rateRow = z.object({
  key: z.string(),
  conversations: z.number().int(),
  handedOff: z.number().int(),
  rate: share,
});

const timeRow = analyticsDistributionSchema.extend({ key: z.string(), totalSeconds: z.number() });

const satisfaction = z.object({
  responses: z.number().int(),
  meanRating: z.number().nullable(),
  satisfiedShare: share,
});

export const analyticsTimeSeriesRowSchema = z.object({
  start: z.string().describe('ISO-8601 start of the UTC hour or day'),
  conversations: z.number().int(),
  handoffs: z.number().int(),
  connected: z.number().int(),
  abandoned: z.number().int(),
  medianSpeedOfAnswer: seconds,
});

export const analyticsSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  filters: z.object({
    channel: z.enum(['chat', 'voice', 'email', 'sms']).optional(),
    queueId: z.string().optional(),
    agentId: z.string().optional(),
    reason: z.string().optional(),
    intent: z.string().optional(),
  }),
  totals: z.object({
    conversations: z.number().int(),
    handoffs: z.number().int(),
    conversationsHandedOff: z.number().int(),
    containment: share,
  }),
  funnel: z.object({ all: funnelRow, byReason: z.array(funnelRow) }),
  handoffRate: z.object({ byReason: z.array(rateRow), byChannel: z.array(rateRow), byIntent: z.array(rateRow) }),
  dropOff: z.object({
    abandoned: z.number().int(),
    beforeOffer: z.number().int(),
    afterOffer: z.number().int(),
    rate: share,
    abandonedAfter: analyticsDistributionSchema,
  }),
  speedOfAnswer: analyticsDistributionSchema,
  sla: z.array(
    z.object({
      queueId: z.string(),
      queueName: z.string().nullable(),
      slaSeconds: z.number().nullable(),
      connected: z.number().int(),
      answeredWithinSla: z.number().int(),
      abandoned: z.number().int(),
      attainment: share,
    }),
  ),
  handleTime: z.object({ all: analyticsDistributionSchema, byQueue: z.array(timeRow), byAgent: z.array(timeRow) }),
  firstContactResolution: z.object({
    windowSeconds: z.number(),
    eligible: z.number().int(),
    resolvedFirstContact: z.number().int(),
    repeatContacts: z.number().int(),
    rate: share,
  }),
  satisfaction: z.object({
    handedOff: satisfaction,
    assistantOnly: satisfaction,
    byReason: z.array(satisfaction.extend({ reason: z.string() })),
  }),
  quality: z.object({
    unneeded: z.object({
      total: z.number().int(),
      markedByAgent: z.number().int(),
      solvedInOneReply: z.number().int(),
      rate: z.number().nullable(),
    }),
    missed: z.object({
      frustratedNotHandedOff: z.number().int(),
      abandonedHandoffs: z.number().int(),
      total: z.number().int(),
    }),
  }),
  byTime: z.object({
    bucket: z.enum(['hour', 'day']).describe('Hours for ranges up to 48 h, days beyond'),
    rows: z.array(analyticsTimeSeriesRowSchema),
  }),
});

export type AnalyticsSummaryBody = z.infer<typeof analyticsSummarySchema>;
