import { randomBytes } from 'node:crypto';
import { AgentDialer, MediaStreamSession, TwilioVoice, twilioRoutes, validTwilioSignature } from '@baton/twilio-voice';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { serveVoiceFeatures } from './voice-feature-relay.ts';
import { ServerVoiceHost } from './voice-host.ts';

export interface TwilioIntegrationOptions {
  /** TWILIO_AUTH_TOKEN: validates X-Twilio-Signature (and authenticates REST calls). */
  authToken: string;
  /** TWILIO_ACCOUNT_SID and TWILIO_CALLER_ID: both needed to ring agents' phones (agent legs). */
  accountSid?: string;
  callerId?: string;
  /** agentId → E.164 number; others are rung as Twilio Client `client:<agentId>`. */
  agentNumbers?: Record<string, string>;
  /** TWILIO_API_BASE_URL (tests: a local stub). */
  apiBaseUrl?: string;
  /** PUBLIC_URL: what Twilio calls; default the request's own scheme and host. */
  publicUrl?: string;
  holdMusicUrl?: string;
  /** How long a speech turn waits for the assistant's reply (default 4000 ms). */
  replyTimeoutMs?: number;
}

/** The request's public base URL: forwarded headers from a proxy, else what the socket says. */
const baseOf = (req: FastifyRequest): string => {
  const proto =
    String(req.headers['x-forwarded-proto'] ?? req.protocol)
      .split(',')[0]
      ?.trim() ?? 'http';
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost')
    .split(',')[0]
    ?.trim();
  return `${proto}://${host}`;
};

/** Creates the Twilio Voice adapter over Baton's services and the Fastify plugin that mounts it. */
export const createTwilioIntegration = async (
  deps: ServiceDeps,
  ctx: AppContext,
  o: TwilioIntegrationOptions,
): Promise<{ voice: TwilioVoice; plugin: (app: FastifyInstance) => Promise<void>; stop: () => Promise<void> }> => {
  const host = new ServerVoiceHost(deps, ctx, {
    owner: `inst_${randomBytes(6).toString('hex')}`,
    ...(o.replyTimeoutMs === undefined ? {} : { replyTimeoutMs: o.replyTimeoutMs }),
  });
  const dialer =
    o.accountSid !== undefined && o.callerId !== undefined
      ? new AgentDialer({
          accountSid: o.accountSid,
          authToken: o.authToken,
          callerId: o.callerId,
          ...(o.apiBaseUrl === undefined ? {} : { baseUrl: o.apiBaseUrl }),
        })
      : undefined;
  const voice = new TwilioVoice(host, {
    authToken: o.authToken,
    ...(o.publicUrl === undefined ? {} : { publicUrl: o.publicUrl }),
    ...(dialer === undefined ? {} : { dialer }),
    agentAddress: (agentId) => o.agentNumbers?.[agentId] ?? `client:${agentId}`,
    ...(o.holdMusicUrl === undefined ? {} : { holdMusicUrl: o.holdMusicUrl }),
    log: { warn: (obj, msg) => deps.log.warn(obj, msg) },
  });
  await voice.start();
  // Answer other instances' speech webhooks for calls whose media socket is on this one.
  const stopServing = await serveVoiceFeatures(deps.bus, voice.board);

  const plugin = async (app: FastifyInstance): Promise<void> => {
    // Twilio posts form-encoded bodies; this parser exists only inside this plugin's scope.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const publicBase = (req: FastifyRequest) => (o.publicUrl ?? baseOf(req)).replace(/\/$/, '');
    for (const route of twilioRoutes) {
      app.post(`/twilio/voice/${route}`, { schema: { hide: true } }, async (req, reply) => {
        const params = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, string>) : {};
        const header = (name: string) => {
          const v = req.headers[name];
          return typeof v === 'string' ? v : undefined;
        };
        const answer = await voice.handle(route, {
          baseUrl: publicBase(req),
          url: `${publicBase(req)}${req.url}`,
          params,
          query: req.query as Record<string, string | undefined>,
          signature: header('x-twilio-signature'),
          idempotencyToken: header('i-twilio-idempotency-token'),
        });
        return reply.status(answer.status).type(answer.contentType).send(answer.body);
      });
    }
    app.get('/twilio/voice/media', { websocket: true, schema: { hide: true } }, (socket, req) => {
      const wsBase = publicBase(req).replace(/^http/, 'ws');
      if (
        !validTwilioSignature(
          o.authToken,
          req.headers['x-twilio-signature'] as string | undefined,
          `${wsBase}${req.url}`,
          {},
        )
      ) {
        socket.close(1008, 'invalid X-Twilio-Signature');
        return;
      }
      const session = new MediaStreamSession(voice.board);
      socket.on('message', (data: Buffer) => session.onMessage(data.toString('utf8')));
      socket.on('close', () => session.end());
    });
  };
  const stop = async (): Promise<void> => {
    await stopServing();
    await voice.stop();
  };
  return { voice, plugin, stop };
};
