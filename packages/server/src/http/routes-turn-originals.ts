import {
  errorBodySchema,
  revealOriginalBodySchema,
  turnOriginalParamsSchema,
  turnOriginalViewSchema,
} from '@baton/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireSupervisor } from '../realtime/supervisor-stream.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/**
 * The audited reveal of a redacted turn's kept original (P5, P6). A POST, not a GET: it is a disclosure with a
 * reason, recorded in the audit chain, and cookie sessions need the CSRF token for it.
 */
export const turnOriginalRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/conversations/:id/turns/:turnId/original',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Reveal the original of a turn stored redacted (supervisors and admins; audited with the reason)',
          description:
            'Agents, bots and widget tokens get 403 `forbidden`; a turn with no kept original (nothing redacted, ' +
            'no BATON_ENCRYPTION_KEYS, recording declined, or wiped) 404 `original_not_kept`. Every reveal ' +
            'appends `data.revealed` to the audit chain before the text is returned.',
          params: turnOriginalParamsSchema,
          body: revealOriginalBodySchema,
          response: { 200: turnOriginalViewSchema, ...errors },
        },
      },
      async (req, reply) => {
        const staff = await requireSupervisor(ctx, req);
        const view = await ctx.originals.reveal(req.params.id, req.params.turnId, staff, req.body.reason);
        return reply.header('cache-control', 'no-store').send(view);
      },
    );
  };
