import { analyticsSummarySchema, errorBodySchema } from '@baton/contracts';
import type { Clock } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSupervisor } from '../realtime/supervisor-stream.ts';
import { AnalyticsService, type AnalyticsQuery } from '../services/analytics-service.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

/** Query string of both analytics endpoints. Times are ISO-8601; the range is [from, to). */
export const analyticsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('Conversations started at or after (default: to − 24 h)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Conversations started before (default: now)'),
  channel: z.enum(['chat', 'voice', 'email', 'sms']).optional(),
  queue: z.string().min(1).max(100).optional().describe('Queue id of the handoff'),
  agent: z.string().min(1).max(100).optional().describe('Agent who accepted the handoff'),
  reason: z.string().min(1).max(100).optional().describe('Handoff reason code, e.g. explicit_request'),
  intent: z.string().min(1).max(100).optional(),
  repeatWindowDays: z.coerce.number().min(0).max(90).optional().describe('First-contact resolution window'),
});

const toQuery = (q: z.infer<typeof analyticsQuerySchema>): AnalyticsQuery => ({
  ...(q.from === undefined ? {} : { from: new Date(q.from) }),
  ...(q.to === undefined ? {} : { to: new Date(q.to) }),
  ...(q.channel === undefined ? {} : { channel: q.channel }),
  ...(q.queue === undefined ? {} : { queueId: q.queue }),
  ...(q.agent === undefined ? {} : { agentId: q.agent }),
  ...(q.reason === undefined ? {} : { reason: q.reason }),
  ...(q.intent === undefined ? {} : { intent: q.intent }),
  ...(q.repeatWindowDays === undefined ? {} : { repeatWindowDays: q.repeatWindowDays }),
});

/**
 * Handoff analytics (N1–N8): a JSON summary and a CSV export with one row per handoff. Supervisors and
 * admins only; agents get 403.
 */
export const analyticsRoutes =
  (ctx: AppContext, clock: Clock = { now: () => new Date() }): FastifyPluginAsyncZod =>
  async (app) => {
    const analytics = new AnalyticsService(ctx.store, clock);
    app.addHook('onRequest', async (req) => {
      await requireSupervisor(ctx, req);
    });

    app.get(
      '/v1/analytics/summary',
      {
        schema: {
          tags: ['analytics'],
          summary:
            'Handoff funnel, drop-off, speed of answer, SLA, handle time, FCR, satisfaction, quality and a series by hour or day',
          description:
            '`channel` and `intent` select conversations; `queue`, `agent` and `reason` select handoffs. ' +
            '`byTime` is hourly up to 48 h, daily beyond (UTC). Definitions: packages/core/src/analytics/facts.ts. ' +
            '`invalid_range` for from ≥ to or more than 92 days.',
          querystring: analyticsQuerySchema,
          response: {
            200: analyticsSummarySchema,
            ...errors,
          },
        },
      },
      async (req) => analytics.summary(toQuery(req.query)),
    );

    app.get(
      '/v1/analytics/export.csv',
      {
        schema: {
          tags: ['analytics'],
          summary: 'One CSV row per handoff of the range, with its timings, outcome, wrap-up and survey',
          querystring: analyticsQuerySchema,
          response: { 200: z.string().describe('text/csv'), ...errors },
        },
      },
      async (req, reply) => {
        const csv = await analytics.csv(toQuery(req.query));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="baton-handoffs.csv"')
          .send(csv);
      },
    );
  };
