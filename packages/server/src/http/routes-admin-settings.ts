import { errorBodySchema } from '@baton/contracts';
import { DomainError, type Agent } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agentSettingsSchema, queueIdParamsSchema, queueSettingsSchema } from '../compliance/settings-schemas.ts';
import type { SettingsService } from '../compliance/settings-service.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const queueView = z.object(queueSettingsSchema.shape).extend({ id: z.string() });
const agentSettingsView = z.object({
  id: z.string(),
  role: z.enum(['agent', 'supervisor', 'admin']),
  skills: z.record(z.string(), z.number()),
  languages: z.array(z.string()),
  capacity: z.record(z.string(), z.number()),
  wrapUpSeconds: z.number().nullable(),
});

/**
 * Who may change what: queues and routing need a supervisor or an admin, or a bot key with the routing scope;
 * agents' roles and skills an admin (no bot scope grants that route).
 */
const staff = async (ctx: AppContext, req: Parameters<AppContext['auth']['agent']>[0], roles: Agent['role'][]) => {
  const p = await ctx.auth.authenticate(req);
  // A bot got past `authenticate` only with the scope this route needs (routing:read / routing:write).
  if (p.kind === 'bot') return `bot:${p.name}`;
  if (p.kind !== 'agent' || !roles.includes(p.agent.role)) {
    throw new DomainError('forbidden', `only ${roles.join(' or ')} sessions may change these settings`);
  }
  return `agent:${p.agent.id}`;
};

/**
 * Queue, routing and agent settings (P5, P6). Every change is audited (`settings.changed`) by the
 * SettingsService before the answer goes out.
 */
export const adminSettingsRoutes =
  (ctx: AppContext, settings: SettingsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/admin/queues',
      {
        schema: {
          tags: ['admin'],
          summary: 'Queues with their routing settings',
          response: { 200: z.object({ queues: z.array(queueView) }), ...errors },
        },
      },
      async (req) => {
        await staff(ctx, req, ['supervisor', 'admin']);
        return { queues: await ctx.store.listQueues() };
      },
    );

    app.put(
      '/v1/admin/queues/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create or replace a queue and its routing (audited)',
          params: queueIdParamsSchema,
          body: queueSettingsSchema,
          response: { 200: queueView, ...errors },
        },
      },
      async (req) => {
        const actor = await staff(ctx, req, ['supervisor', 'admin']);
        return settings.saveQueue(actor, req.params.id, req.body);
      },
    );

    app.patch(
      '/v1/admin/agents/:id',
      {
        schema: {
          tags: ['admin'],
          summary: "Change an agent's role, skills, languages or capacity (admins; audited)",
          params: queueIdParamsSchema,
          body: agentSettingsSchema,
          response: { 200: agentSettingsView, ...errors },
        },
      },
      async (req) => {
        const actor = await staff(ctx, req, ['admin']);
        const a = await settings.updateAgent(actor, req.params.id, req.body);
        return {
          id: a.id,
          role: a.role,
          skills: a.skills,
          languages: a.languages,
          capacity: a.capacity,
          wrapUpSeconds: a.wrapUpSeconds ?? null,
        };
      },
    );
  };
