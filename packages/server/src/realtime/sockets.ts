import type {} from '@fastify/websocket';
import {
  agentClientFrameSchema,
  botClientFrameSchema,
  customerClientFrameSchema,
  idParamsSchema,
  type AgentServerFrame,
} from '@baton/contracts';
import { DomainError, type Agent } from '@baton/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { statusForCode } from '../http/errors.ts';
import { presentAgent, presentReservation } from '../services/presenters.ts';
import { sendFrame, serveFrames } from './frames.ts';
import { subjects, type TypingEvent } from './subjects.ts';

/** Seconds an agent may be disconnected before Baton sets them offline and withdraws their offers. */
const AGENT_GRACE_SECONDS = 15;

const principals = new WeakMap<FastifyRequest, Agent | string>();

/** Runs an auth check before the upgrade, so a bad credential gets a plain 401/403, not a socket. */
const guard =
  (check: (req: FastifyRequest) => Promise<Agent | string>) =>
  async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      principals.set(req, await check(req));
    } catch (err) {
      const code = err instanceof DomainError ? err.code : 'unauthorized';
      const message = err instanceof Error ? err.message : 'unauthorized';
      await reply.status(statusForCode(code)).send({ error: { code, message }, requestId: req.id });
    }
  };

/** The three WebSocket endpoints: agent workspace, customer (widget) and bot streams. */
export const registerSockets = (app: FastifyInstance, ctx: AppContext): void => {
  const offlineTimers = new Map<string, NodeJS.Timeout>();

  app.get(
    '/v1/agent/stream',
    { websocket: true, schema: { hide: true }, preValidation: guard((req) => ctx.auth.agent(req)) },
    (socket, req) => {
      const agent = principals.get(req) as Agent;
      ctx.metrics.sockets.inc({ kind: 'agent' });
      clearTimeout(offlineTimers.get(agent.id));
      const remove = ctx.hub.addAgent(agent.id, socket, agent.role);
      socket.on('close', () => {
        remove();
        ctx.metrics.sockets.dec({ kind: 'agent' });
        if (ctx.hub.agentConnections(agent.id) > 0) return;
        const t = setTimeout(() => {
          offlineTimers.delete(agent.id);
          if (ctx.hub.agentConnections(agent.id) === 0) {
            ctx.handoffs
              .setPresence(agent.id, 'offline', { reason: 'disconnected' })
              .catch((err: unknown) => req.log.error({ err }, 'presence on disconnect'));
          }
        }, AGENT_GRACE_SECONDS * 1000);
        t.unref();
        offlineTimers.set(agent.id, t);
      });
      serveFrames(
        socket,
        agentClientFrameSchema,
        async (frame) => {
          switch (frame.type) {
            case 'ping':
              sendFrame(socket, { type: 'pong', ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
              return false;
            case 'presence.set':
              // A reason says why someone is not taking work; on any other presence it would mislead the floor.
              if (frame.reason !== undefined && frame.presence !== 'away' && frame.presence !== 'busy') {
                throw new DomainError('presence_reason_not_allowed', 'a reason goes only with away or busy', {
                  presence: frame.presence,
                });
              }
              ctx.agentActions.wrapUps.forget(agent.id);
              await ctx.handoffs.setPresence(agent.id, frame.presence, { reason: frame.reason ?? null });
              return true;
            case 'offer.accept':
              await ctx.handoffs.accept(agent.id, frame.reservationId);
              return true;
            case 'offer.reject':
              await ctx.handoffs.reject(agent.id, frame.reservationId);
              return true;
            case 'message.send': {
              const c = await ctx.conversations.get(frame.conversationId);
              if (c.assignedAgentId !== agent.id || c.status !== 'agent') {
                throw new DomainError('forbidden', 'you do not own this conversation');
              }
              await ctx.conversations.addTurn(c.id, {
                role: 'agent',
                text: frame.text,
                authorId: agent.id,
                authorName: agent.name,
              });
              ctx.metrics.turns.inc({ role: 'agent' });
              return true;
            }
            case 'conversation.close':
              await ctx.conversations.close(frame.conversationId, { kind: 'agent', agentId: agent.id });
              return true;
            case 'transfer.targets':
              sendFrame(socket, {
                type: 'transfer.targets',
                ...(frame.ref === undefined ? {} : { ref: frame.ref }),
                targets: await ctx.agentActions.transferTargets(agent.id),
              });
              return true;
            case 'conversation.transfer':
              await ctx.agentActions.transfer(agent, frame.conversationId, frame.target, frame.note);
              return true;
            case 'conversation.hand_back':
              await ctx.agentActions.handBack(agent, frame.conversationId);
              return true;
            case 'wrapup.submit':
              await ctx.agentActions.wrapUp(agent, {
                handoffId: frame.handoffId,
                disposition: frame.disposition,
                notes: frame.notes,
                handoffNeeded: frame.handoffNeeded,
              });
              return true;
            case 'consult.start':
              await ctx.agentActions.consults.start(agent, frame.conversationId, frame.agentId, frame.note);
              return true;
            case 'consult.accept':
              await ctx.agentActions.consults.accept(agent, frame.consultId);
              return true;
            case 'consult.decline':
              await ctx.agentActions.consults.decline(agent, frame.consultId);
              return true;
            case 'consult.message':
              await ctx.agentActions.consults.message(agent, frame.consultId, frame.text);
              return true;
            case 'consult.end':
              await ctx.agentActions.consults.end(agent, frame.consultId);
              return true;
            case 'consult.transfer':
              await ctx.agentActions.consults.transfer(agent, frame.consultId);
              return true;
            case 'typing': {
              const c = await ctx.conversations.get(frame.conversationId);
              if (c.assignedAgentId !== agent.id)
                throw new DomainError('forbidden', 'you do not own this conversation');
              const ev: TypingEvent = {
                kind: 'typing',
                conversationId: c.id,
                role: 'agent',
                name: agent.name,
                assignedAgentId: agent.id,
              };
              await ctx.bus.publish(subjects.typing(c.id), ev);
              return false;
            }
          }
        },
        (err) => req.log.error({ err }, 'agent frame failed'),
      );
      helloFor(ctx, agent)
        .then((hello) => sendFrame(socket, ctx.masker.agentFrame(hello, agent.role)))
        .catch((err: unknown) => req.log.error({ err }, 'agent hello failed'));
    },
  );

  app.get(
    '/v1/conversations/:id/stream',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: guard(async (req) => {
        const { id } = idParamsSchema.parse(req.params);
        await ctx.auth.forConversation(req, id);
        await ctx.conversations.get(id);
        return id;
      }),
    },
    (socket, req) => {
      const conversationId = principals.get(req) as string;
      ctx.metrics.sockets.inc({ kind: 'customer' });
      const remove = ctx.hub.addCustomer(conversationId, socket);
      socket.on('close', () => {
        remove();
        ctx.metrics.sockets.dec({ kind: 'customer' });
      });
      serveFrames(
        socket,
        customerClientFrameSchema,
        async (frame) => {
          if (frame.type === 'ping') {
            sendFrame(socket, { type: 'pong', ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
            return false;
          }
          const c = await ctx.conversations.get(conversationId);
          const ev: TypingEvent = {
            kind: 'typing',
            conversationId,
            role: 'customer',
            name: null,
            assignedAgentId: c.assignedAgentId,
          };
          await ctx.bus.publish(subjects.typing(conversationId), ev);
          return false;
        },
        (err) => req.log.error({ err }, 'customer frame failed'),
      );
    },
  );

  app.get(
    '/v1/bot/stream',
    { websocket: true, schema: { hide: true }, preValidation: guard(async (req) => (await ctx.auth.bot(req)).name) },
    (socket, req) => {
      ctx.metrics.sockets.inc({ kind: 'bot' });
      const remove = ctx.hub.addBot(socket);
      socket.on('close', () => {
        remove();
        ctx.metrics.sockets.dec({ kind: 'bot' });
      });
      serveFrames(
        socket,
        botClientFrameSchema,
        (frame) => {
          sendFrame(socket, { type: 'pong', ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
          return Promise.resolve(false);
        },
        (err) => req.log.error({ err }, 'bot frame failed'),
      );
    },
  );
};

/** The first frame an agent gets: who they are, offers waiting for them, conversations they own. */
const helloFor = async (ctx: AppContext, agent: Agent): Promise<AgentServerFrame> => {
  const fresh = (await ctx.store.getAgent(agent.id)) ?? agent;
  const pending = await ctx.store.listReservations({ agentId: agent.id, status: ['pending'] });
  const offers = [];
  for (const r of pending) {
    const h = await ctx.store.getHandoff(r.handoffId);
    if (h !== null)
      offers.push({ reservation: presentReservation(r), context: await ctx.context.preview(h, undefined, agent.role) });
  }
  const owned = await ctx.store.listConversations({ status: ['agent'], assignedAgentId: agent.id });
  const conversations = await Promise.all(owned.map((c) => ctx.context.agentConversation(c)));
  const consults = await ctx.agentActions.consults.snapshotsFor(
    agent.id,
    owned.map((c) => c.id),
  );
  // A restarted instance learns here which conversations this colleague is reading.
  for (const s of consults) if (s.consult.colleague.id === agent.id) ctx.hub.trackConsult(s.consult);
  return { type: 'hello', agent: presentAgent(fresh), offers, conversations, consults };
};
