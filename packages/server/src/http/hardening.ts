import { createHash } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { DomainError } from '@baton/core';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/principal.ts';

export interface HardeningOptions {
  /**
   * Requests per minute allowed per credential (bot key, agent session, conversation token), or per IP
   * address for requests without one. 0 turns rate limiting off (benchmarks). Default 1200.
   */
  rateLimitPerMinute?: number;
}

/**
 * The rate-limit key: a hash of the bearer credential when there is one (so one bot or one customer cannot
 * starve the others, whatever IPs they come from), else the client IP. Hashing keeps tokens out of memory
 * dumps of the limiter's store.
 */
const rateKey = (req: FastifyRequest): string => {
  const token = bearerToken(req);
  return token === null ? `ip:${req.ip}` : `key:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
};

/** helmet's settings: a CSP that allows only this origin's scripts and WebSockets. */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      frameAncestors: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      // Baton often runs on plain HTTP behind a TLS-terminating proxy or on loopback: never rewrite URLs.
      upgradeInsecureRequests: null,
    },
  },
  // The widget script is embedded on other sites; everything else stays same-origin.
  crossOriginResourcePolicy: { policy: 'same-site' as const },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets with HELMET_OPTIONS, asked of helmet once: the same for every request (no CSP
 * nonces), whereas @fastify/helmet builds helmet's middleware again, CSP parsing included, for each request
 * (a seventh of the memory a turn allocated, docs/benchmarks.md). Headers of an empty app without helmet
 * (content type, length, date, connection) are left out.
 */
const helmetHeaders = async (): Promise<[string, string][]> => {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(fastifyHelmet, HELMET_OPTIONS);
    probe.get('/', () => 'ok');
    const res = await probe.inject({ method: 'GET', url: '/' });
    await probe.close();
    return res.headers;
  };
  const [plain, helmed] = await Promise.all([answer(false), answer(true)]);
  return Object.entries(helmed).flatMap(([name, value]) =>
    name in plain || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : String(value)]],
  );
};

/**
 * P8 hardening at the edge: security headers (helmet, with a CSP that allows only this origin's scripts
 * and WebSockets; `widget.js` may be loaded cross-origin because it is embedded on customers' sites) and
 * per-credential / per-IP rate limits answered with the standard error body and code `rate_limited`.
 * Limits are per instance (in memory): behind a load balancer each instance allows its share.
 */
export const registerHardening = async (app: FastifyInstance, opts: HardeningOptions = {}): Promise<void> => {
  const headers = await helmetHeaders();
  // On the raw response, as helmet does, so that a route's own headers still win.
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/widget.js') || req.url.startsWith('/widget/')) {
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
  });
  const max = opts.rateLimitPerMinute ?? 1200;
  if (max > 0) {
    await app.register(fastifyRateLimit, {
      max,
      timeWindow: '1 minute',
      keyGenerator: rateKey,
      // Probes and metrics scrapes must never be throttled.
      allowList: (req) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics',
      // Thrown, then answered by the one error handler (errors.ts) with the standard body.
      errorResponseBuilder: (_req, context) =>
        new DomainError('rate_limited', `too many requests: at most ${context.max} per ${context.after}`, {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        }),
    });
  }
};
