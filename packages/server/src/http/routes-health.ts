import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';

/** Liveness, readiness and Prometheus metrics (S4). */
export const registerHealthRoutes = (app: FastifyInstance, ctx: AppContext): void => {
  app.get('/health', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    const ok = await ctx.ready().catch(() => false);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready' });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    return reply.header('content-type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
};
