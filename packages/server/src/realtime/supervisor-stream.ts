import type {} from '@fastify/websocket';
import { supervisorClientFrameSchema, type SupervisorServerFrame } from '@baton/contracts';
import { DomainError, type Agent, type BusSubscription } from '@baton/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../http/context.ts';
import { statusForCode } from '../http/errors.ts';
import { sendFrame, serveFrames } from './frames.ts';
import { buildFloorSnapshot } from './supervisor-floor.ts';
import { subjects, type BusEvent } from './subjects.ts';

/** Changes arriving within this window are sent as one floor snapshot. */
const COALESCE_MS = 100;

/** Supervisors and admins; agents get `forbidden`, customers and bots too. */
export const requireSupervisor = async (ctx: AppContext, req: FastifyRequest): Promise<Agent> => {
  const agent = await ctx.auth.agent(req);
  if (agent.role === 'agent') throw new DomainError('forbidden', 'supervisors and admins only');
  return agent;
};

interface Watcher {
  /** The conversation this socket reads live, if any. */
  conversationId: string | null;
  /** Supervisor or admin: what they may see of personal data (P3). */
  role: Agent['role'];
}

/**
 * The supervisor's live floor (A7): one bus subscription per instance feeds every supervisor socket here.
 * Queue, agent and lifecycle changes trigger a coalesced floor snapshot; turns and status changes of a
 * watched conversation are forwarded to the sockets reading it; lifecycle events go to the activity feed.
 */
class SupervisorHub {
  private readonly sockets = new Map<WebSocket, Watcher>();
  private sub: BusSubscription | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly onError: (err: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.sub = await this.ctx.bus.subscribe(subjects.all, (event) => this.dispatch(event as BusEvent));
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.sub?.unsubscribe();
    this.sub = null;
  }

  add(socket: WebSocket, role: Agent['role']): () => void {
    this.sockets.set(socket, { conversationId: null, role });
    return () => this.sockets.delete(socket);
  }

  watch(socket: WebSocket, conversationId: string | null): void {
    const w = this.sockets.get(socket);
    if (w !== undefined) w.conversationId = conversationId;
  }

  async snapshotFrame(): Promise<SupervisorServerFrame> {
    return { type: 'floor', floor: await buildFloorSnapshot(this.ctx.store, new Date()) };
  }

  private dispatch(event: BusEvent): void {
    if (this.sockets.size === 0) return;
    switch (event.kind) {
      case 'turn':
        this.toWatchers(event.turn.conversationId, { type: 'turn', turn: event.turn });
        // A conversation's first turn is the first the floor hears of it (creating one publishes nothing).
        if (event.turn.seq === 1) this.refreshSoon();
        return;
      case 'status':
        this.toWatchers(event.conversation.id, { type: 'conversation.updated', conversation: event.conversation });
        this.refreshSoon();
        return;
      case 'lifecycle':
        this.toAll({
          type: 'activity',
          name: event.name,
          at: event.at,
          handoff: event.handoff,
          agentId: event.agentId,
        });
        this.refreshSoon();
        return;
      case 'agent':
        if (event.frame.type !== 'typing' && event.frame.type !== 'turn') this.refreshSoon();
        return;
      case 'queue_settings': // the floor shows queue names and hours
        this.refreshSoon();
        return;
      case 'typing':
        return;
    }
  }

  private toWatchers(conversationId: string, frame: SupervisorServerFrame): void {
    const byRole = new Map<Agent['role'], string>();
    for (const [socket, w] of this.sockets)
      if (w.conversationId === conversationId) socket.send(this.dataFor(frame, w, byRole));
  }

  private toAll(frame: SupervisorServerFrame): void {
    const byRole = new Map<Agent['role'], string>();
    for (const [socket, w] of this.sockets) socket.send(this.dataFor(frame, w, byRole));
  }

  /** The frame as the watcher's role may read it (P3), masked and serialised once per role. */
  private dataFor(frame: SupervisorServerFrame, w: Watcher, byRole: Map<Agent['role'], string>): string {
    let data = byRole.get(w.role);
    if (data === undefined) byRole.set(w.role, (data = JSON.stringify(this.ctx.masker.supervisorFrame(frame, w.role))));
    return data;
  }

  /** One snapshot for a burst of changes, built once for every supervisor on this instance. */
  private refreshSoon(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.sockets.size === 0) return;
      this.snapshotFrame()
        .then((frame) => this.toAll(frame))
        .catch(this.onError);
    }, COALESCE_MS);
    this.timer.unref();
  }
}

/** `GET /v1/supervisor/stream?token=…`: supervisors and admins only (agents get 403 before the upgrade). */
export const registerSupervisorStream = (app: FastifyInstance, ctx: AppContext): void => {
  const hub = new SupervisorHub(ctx, (err) => app.log.error({ err }, 'supervisor floor refresh failed'));
  const supervisors = new WeakMap<FastifyRequest, Agent>();
  app.addHook('onReady', () => hub.start());
  app.addHook('onClose', () => hub.stop());

  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      supervisors.set(req, await requireSupervisor(ctx, req));
    } catch (err) {
      const code = err instanceof DomainError ? err.code : 'unauthorized';
      const message = err instanceof Error ? err.message : 'unauthorized';
      await reply.status(statusForCode(code)).send({ error: { code, message }, requestId: req.id });
    }
  };

  app.get('/v1/supervisor/stream', { websocket: true, schema: { hide: true }, preValidation: guard }, (socket, req) => {
    ctx.metrics.sockets.inc({ kind: 'supervisor' });
    const supervisor = supervisors.get(req) as Agent;
    const remove = hub.add(socket, supervisor.role);
    socket.on('close', () => {
      remove();
      ctx.metrics.sockets.dec({ kind: 'supervisor' });
    });
    serveFrames(
      socket,
      supervisorClientFrameSchema,
      async (frame) => {
        switch (frame.type) {
          case 'ping':
            sendFrame(socket, { type: 'pong', ...(frame.ref === undefined ? {} : { ref: frame.ref }) });
            return false;
          case 'conversation.unwatch':
            hub.watch(socket, null);
            return true;
          case 'conversation.watch': {
            const conversation = await ctx.conversations.get(frame.conversationId);
            // Watch first, then read: a turn landing in between arrives twice at worst (the UI de-duplicates).
            hub.watch(socket, conversation.id);
            const data = await ctx.context.agentConversation(conversation);
            const transcript: SupervisorServerFrame = { type: 'conversation.transcript', ...data };
            sendFrame(socket, ctx.masker.supervisorFrame(transcript, supervisor.role));
            return true;
          }
        }
      },
      (err) => req.log.error({ err }, 'supervisor frame failed'),
    );
    hub
      .snapshotFrame()
      .then((frame) => sendFrame(socket, ctx.masker.supervisorFrame(frame, supervisor.role)))
      .catch((err: unknown) => req.log.error({ err }, 'supervisor floor failed'));
  });
};
