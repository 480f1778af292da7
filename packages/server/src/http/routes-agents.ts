import {
  agentViewSchema,
  errorBodySchema,
  handoffViewSchema,
  loginBodySchema,
  loginResponseSchema,
} from '@baton/contracts';
import { DomainError } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.ts';
import { presentAgent, presentHandoff } from '../services/presenters.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

/** Agent sign-in and the agent's own view; queue listing for the workspace. */
export const agentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/auth/login',
      {
        schema: {
          tags: ['agents'],
          summary: 'Agent or supervisor sign-in',
          body: loginBodySchema,
          response: { 200: loginResponseSchema, ...errors },
        },
      },
      async (req) => {
        const found = await ctx.store.findAgentByEmail(req.body.email.toLowerCase());
        const ok = found?.passwordHash != null && (await verifyPassword(req.body.password, found.passwordHash));
        if (!ok || found === null) throw new DomainError('unauthorized', 'wrong email or password');
        const { passwordHash: _omit, ...agent } = found;
        return { token: ctx.auth.agentToken(agent.id), agent: presentAgent(agent) };
      },
    );

    app.get(
      '/v1/agents/me',
      { schema: { tags: ['agents'], summary: 'The signed-in agent', response: { 200: agentViewSchema, ...errors } } },
      async (req) => presentAgent(await ctx.auth.agent(req)),
    );

    app.get(
      '/v1/handoffs',
      {
        schema: {
          tags: ['handoffs'],
          summary: 'Open handoffs (supervisors and bots)',
          response: { 200: z.object({ handoffs: z.array(handoffViewSchema) }), ...errors },
        },
      },
      async (req) => {
        const p = await ctx.auth.authenticate(req);
        if (p.kind === 'customer' || (p.kind === 'agent' && p.agent.role === 'agent')) {
          throw new DomainError('forbidden', 'supervisors and bots only');
        }
        const handoffs = await ctx.store.listHandoffs({ status: ['queued', 'offered', 'assigned'], limit: 500 });
        return { handoffs: handoffs.map(presentHandoff) };
      },
    );
  };
