import { DomainError, type Decision } from '@baton/core';
import { handleRetell, handleVapi, type TransferHost, type TransferRoute } from '@baton/voice-ai';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { openVoiceConversation } from './voice-host.ts';

export interface VoiceAiOptions {
  /** VAPI_SECRET: switches `POST /voice-ai/vapi` on. */
  vapiSecret?: string;
  /** RETELL_API_KEY: switches `POST /voice-ai/retell` on. */
  retellApiKey?: string;
  /** queueId → E.164 number or sip: URI to transfer to; `*` for every other queue. */
  transferNumbers?: Record<string, string>;
}

/**
 * Baton's side of the Vapi / Retell transfer handlers: the platform's call becomes a voice conversation of
 * the customer found by phone, its transcript goes through the escalation engine like any other turns,
 * and the platform's own transfer request is a handoff decision (rule `voice_ai.transfer`) when the
 * engine has not handed off already. The answer is the queue Baton routed to and its number.
 */
export class VoiceAiTransferHost implements TransferHost {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly ctx: AppContext,
    private readonly numbers: Record<string, string>,
  ) {}

  async routeTransfer(req: Parameters<TransferHost['routeTransfer']>[0]): Promise<TransferRoute> {
    const { store } = this.deps;
    const id = `conv_${req.platform}_${req.callId.replace(/[^A-Za-z0-9]/g, '').slice(0, 64)}`;
    await openVoiceConversation(this.deps, id, req.from);
    // Platforms resend the whole transcript each time: the position is the idempotency key.
    for (const [i, line] of req.transcript.entries()) {
      if ((await store.getConversation(id))?.status === 'closed') break;
      await this.ctx.conversations.addTurn(id, {
        role: line.role,
        text: line.text.slice(0, 4000),
        idempotencyKey: `${req.platform}:${i}`,
        authorId: line.role === 'assistant' ? req.platform : null,
      });
    }
    const conversation = await this.ctx.conversations.get(id);
    if (conversation.status === 'closed') throw new DomainError('conversation_closed', 'the call has ended');
    if (conversation.status === 'assistant') {
      const decision: Decision = {
        kind: 'handoff',
        signals: [],
        rule: 'voice_ai.transfer',
        policyVersion: 'external',
        priority: 5,
        reason: {
          code: 'bot_requested',
          agent: `The ${req.platform === 'vapi' ? 'Vapi' : 'Retell'} assistant asked for a person${req.reason === null ? '' : `: ${req.reason}`}.`,
          customer: 'A person can help you better with this.',
        },
      };
      await this.ctx.handoffs.start(conversation, decision, (text) => this.ctx.conversations.addSystemTurn(id, text));
    }
    const handoff = await store.openHandoffForConversation(id);
    if (handoff === null) throw new DomainError('handoff_not_found', 'no open handoff for this call');
    const queue = await store.getQueue(handoff.queueId);
    const queueName = queue?.name ?? 'Support';
    return {
      conversationId: id,
      queueName,
      destination: this.numbers[handoff.queueId] ?? this.numbers['*'] ?? null,
      message: `${handoff.reason.customer} I'm transferring you to our ${queueName} team now.`,
    };
  }
}

/** `POST /voice-ai/vapi` and `POST /voice-ai/retell`, each on when its secret is configured. */
export const voiceAiRoutes =
  (deps: ServiceDeps, ctx: AppContext, o: VoiceAiOptions) =>
  async (app: FastifyInstance): Promise<void> => {
    const host = new VoiceAiTransferHost(deps, ctx, o.transferNumbers ?? {});
    // Retell's signature covers the raw body: keep it as a string in this scope.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const raw = (body: unknown): string => (typeof body === 'string' ? body : '');
    const vapiSecret = o.vapiSecret;
    if (vapiSecret !== undefined) {
      app.post('/voice-ai/vapi', { schema: { hide: true } }, async (req, reply) => {
        let body: unknown;
        try {
          body = JSON.parse(raw(req.body));
        } catch {
          return reply.status(400).send({ error: 'invalid JSON' });
        }
        const answer = await handleVapi(
          host,
          { secret: vapiSecret },
          {
            'x-vapi-secret':
              typeof req.headers['x-vapi-secret'] === 'string' ? req.headers['x-vapi-secret'] : undefined,
          },
          body,
        );
        return reply.status(answer.status).send(answer.body);
      });
    }
    const retellKey = o.retellApiKey;
    if (retellKey !== undefined) {
      app.post('/voice-ai/retell', { schema: { hide: true } }, async (req, reply) => {
        const sig = req.headers['x-retell-signature'];
        const answer = await handleRetell(
          host,
          { apiKey: retellKey },
          typeof sig === 'string' ? sig : undefined,
          raw(req.body),
          deps.clock.now().getTime(),
        );
        return reply.status(answer.status).send(answer.body);
      });
    }
  };
