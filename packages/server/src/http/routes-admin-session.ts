import { agentViewSchema, errorBodySchema, loginBodySchema } from '@baton/contracts';
import { DomainError } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionCookies } from '../auth/cookie-session.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { presentAgent } from '../services/presenters.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
/** Same lifetime as the bearer session (`Authenticator.agentToken`). */
const SESSION_SECONDS = 12 * 3600;

/**
 * Cookie sessions for the workspace, as an alternative to bearer tokens (P6): the signed session travels in
 * an HttpOnly cookie, and every state-changing request must echo the session's CSRF token in `x-csrf-token`
 * (signed double-submit). Bearer tokens keep working for API clients.
 */
export const adminSessionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/auth/session',
      {
        schema: {
          tags: ['agents'],
          summary: 'Sign in with a cookie session (HttpOnly cookie + CSRF token)',
          description: 'Send the returned `csrfToken` (also in the `baton_csrf` cookie) as `x-csrf-token` on writes.',
          body: loginBodySchema,
          response: { 200: z.object({ agent: agentViewSchema, csrfToken: z.string() }), ...errors },
        },
      },
      async (req, reply) => {
        const found = await ctx.store.findAgentByEmail(req.body.email.toLowerCase());
        const ok = found?.passwordHash != null && (await verifyPassword(req.body.password, found.passwordHash));
        if (!ok || found === null) throw new DomainError('unauthorized', 'wrong email or password');
        const { passwordHash: _omit, ...agent } = found;
        const session = ctx.auth.agentToken(agent.id, SESSION_SECONDS);
        const csrfToken = ctx.auth.csrfToken(session);
        void reply.header('set-cookie', sessionCookies(session, csrfToken, SESSION_SECONDS));
        return { agent: presentAgent(agent), csrfToken };
      },
    );

    app.delete(
      '/v1/auth/session',
      {
        schema: {
          tags: ['agents'],
          summary: 'Sign out: clears the session cookies (needs the CSRF token)',
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await ctx.auth.agent(req);
        return reply
          .header('set-cookie', sessionCookies('', '', 0))
          .status(204)
          .send(null);
      },
    );
  };
