import {
  errorBodySchema,
  idParamsSchema,
  webhookAttemptViewSchema,
  webhookDeliveryViewSchema,
  type WebhookAttemptView,
  type WebhookDeliveryView,
} from '@baton/contracts';
import { DomainError, type WebhookAttempt, type WebhookDelivery } from '@baton/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import type { WebhookDispatcher } from './dispatcher.ts';

export const presentDelivery = (d: WebhookDelivery): WebhookDeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventName,
  endpoint: d.endpoint,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt.toISOString(),
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

const presentAttempt = (a: WebhookAttempt): WebhookAttemptView => ({
  attempt: a.attempt,
  at: a.at.toISOString(),
  statusCode: a.statusCode,
  error: a.error,
  durationMs: a.durationMs,
});

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/**
 * The delivery log and replay, for supervisors and admins: `GET /v1/webhooks/deliveries`,
 * `GET /v1/webhooks/deliveries/:id` (with its attempts), `POST /v1/webhooks/deliveries/:id/replay`.
 */
export const webhookRoutes =
  (ctx: AppContext, dispatcher: WebhookDispatcher) =>
  async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const supervisor = async (req: FastifyRequest): Promise<void> => {
      const agent = await ctx.auth.agent(req);
      if (agent.role === 'agent') throw new DomainError('forbidden', 'the webhook log is for supervisors and admins');
    };

    app.get(
      '/v1/webhooks/deliveries',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'The webhook delivery log, newest first',
          querystring: z.object({
            eventId: z.string().max(100).optional(),
            status: z.enum(['pending', 'delivering', 'delivered', 'failed']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ deliveries: z.array(webhookDeliveryViewSchema) }), ...errors },
        },
      },
      async (req) => {
        await supervisor(req);
        const rows = await ctx.store.listWebhooks({
          ...(req.query.eventId === undefined ? {} : { eventId: req.query.eventId }),
          ...(req.query.status === undefined ? {} : { status: [req.query.status] }),
          limit: req.query.limit,
        });
        return { deliveries: rows.map(presentDelivery) };
      },
    );

    app.get(
      '/v1/webhooks/deliveries/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'One delivery with every attempt',
          params: idParamsSchema,
          response: {
            200: z.object({ delivery: webhookDeliveryViewSchema, attempts: z.array(webhookAttemptViewSchema) }),
            ...errors,
          },
        },
      },
      async (req) => {
        await supervisor(req);
        const d = await ctx.store.getWebhook(req.params.id);
        if (d === null) throw new DomainError('not_found', `no webhook delivery ${req.params.id}`);
        const attempts = await ctx.store.listWebhookAttempts(d.id);
        return { delivery: presentDelivery(d), attempts: attempts.map(presentAttempt) };
      },
    );

    app.post(
      '/v1/webhooks/deliveries/:id/replay',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Send a delivery again (same event id and body, fresh signature)',
          params: idParamsSchema,
          response: { 202: z.object({ delivery: webhookDeliveryViewSchema }), 409: errorBodySchema, ...errors },
        },
      },
      async (req, reply) => {
        await supervisor(req);
        const existing = await ctx.store.getWebhook(req.params.id);
        // Rows of internal consumers (e.g. the Twilio agent-leg claim) share the table but are not HTTP deliveries.
        if (existing === null || !/^https?:\/\//.test(existing.endpoint)) {
          throw new DomainError('not_found', `no webhook delivery ${req.params.id}`);
        }
        const replayed = await dispatcher.replay(req.params.id);
        if (replayed === null) {
          return reply.status(409).send({
            error: { code: 'webhook_in_flight', message: 'the delivery is being sent right now; try again' },
            requestId: req.id,
          });
        }
        return reply.status(202).send({ delivery: presentDelivery(replayed) });
      },
    );
  };
