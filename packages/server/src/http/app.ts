import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { HEARTBEAT_SECONDS, keepSocketsAlive } from '../realtime/heartbeat.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from '@baton/core';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerSockets } from '../realtime/sockets.ts';
import { registerSupervisorStream } from '../realtime/supervisor-stream.ts';
import type { AppContext } from './context.ts';
import { registerErrorHandler } from './errors.ts';
import { registerHardening, type HardeningOptions } from './hardening.ts';
import { agentRoutes } from './routes-agents.ts';
import { assistRoutes, type AssistRouteOptions } from './routes-assist.ts';
import { conversationRoutes } from './routes-conversations.ts';
import { customerRoutes } from './routes-customer.ts';
import { registerHealthRoutes } from './routes-health.ts';
import { supervisorRoutes } from './routes-supervisor.ts';
import { analyticsRoutes } from './routes-analytics.ts';
import { adminRoutes, type AdminOptions } from './routes-admin.ts';
import { turnOriginalRoutes } from './routes-turn-originals.ts';

export interface AppOptions {
  logLevel: string;
  /** Security headers and rate limits (P8). */
  hardening?: HardeningOptions;
  /** Largest accepted request body, bytes (P8). */
  bodyLimit?: number;
  /** Routes of optional features and integrations (webhook log, voice), each in its own plugin scope. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** Agent assist (A5): the business's own KB articles and rules. */
  assist?: AssistRouteOptions;
  /** Time source of the analytics defaults (the range ends now); the system clock when absent. */
  clock?: Clock;
  /** Compliance features of the admin API: the retention policy (P7). */
  admin?: AdminOptions;
  /** Seconds between pings of every WebSocket; a socket that missed one is closed (default 30). */
  socketHeartbeatSeconds?: number;
}

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));
const widgetDist = fileURLToPath(new URL('../../../widget/dist', import.meta.url));

/** Builds the HTTP + WebSocket app around the services. No business logic here. */
export const buildApp = async (ctx: AppContext, opts: AppOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: { level: opts.logLevel, redact: ['req.headers.authorization', 'req.query.token'] },
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await registerHardening(app, opts.hardening);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Baton API', version: '0.1.0', description: 'Bot, widget and agent API of Baton.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  keepSocketsAlive(app.websocketServer, (opts.socketHeartbeatSeconds ?? HEARTBEAT_SECONDS) * 1000);

  app.addHook('onResponse', (req, reply, done) => {
    ctx.metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  registerHealthRoutes(app, ctx);
  await app.register(conversationRoutes(ctx));
  await app.register(agentRoutes(ctx));
  await app.register(customerRoutes(ctx));
  await app.register(supervisorRoutes(ctx));
  await app.register(turnOriginalRoutes(ctx));
  await app.register((await import('./routes-staffing.ts')).staffingRoutes(ctx));
  await app.register(assistRoutes(ctx, opts.assist));
  await app.register(analyticsRoutes(ctx, opts.clock));
  await app.register(adminRoutes(ctx, { ...opts.admin, ...(opts.clock === undefined ? {} : { clock: opts.clock }) }));
  await app.register((await import('./routes-wait-choices.ts')).waitChoiceRoutes(ctx));
  registerSockets(app, ctx);
  registerSupervisorStream(app, ctx);
  for (const plugin of opts.plugins ?? []) await app.register(plugin);

  if (existsSync(widgetDist)) {
    await app.register(fastifyStatic, { root: widgetDist, prefix: '/widget/' });
    app.get('/widget.js', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('widget.js', widgetDist),
    );
  }
  if (existsSync(webDist)) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', index: ['index.html'], decorateReply: false });
  } else {
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply.type('text/plain').send('Baton is running. The web pages are not built: run `npm run build`.'),
    );
  }
  return app;
};
