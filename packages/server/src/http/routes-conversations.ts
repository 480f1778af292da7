import {
  addTurnBodySchema,
  addTurnResponseSchema,
  conversationDetailSchema,
  conversationViewSchema,
  createConversationBodySchema,
  createConversationResponseSchema,
  errorBodySchema,
  idParamsSchema,
} from '@baton/contracts';
import { DomainError } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentConversation, presentPublicTurn } from '../services/presenters.ts';
import type { AppContext } from './context.ts';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/**
 * The conversation API used by the widget (customer token) and by bots (API key): create, read, add a
 * turn and get the decision back, close.
 */
export const conversationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/conversations',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Start a conversation',
          description: 'Open to the widget (no credential) and to bots. Returns a token scoped to this conversation.',
          body: createConversationBodySchema,
          response: { 201: createConversationResponseSchema, ...errors },
        },
      },
      async (req, reply) => {
        const conversation = await ctx.conversations.create(req.body);
        return reply.status(201).send({
          conversation: presentConversation(conversation),
          token: ctx.auth.conversationToken(conversation.id),
        });
      },
    );

    app.get(
      '/v1/conversations/:id',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Read a conversation as the customer sees it',
          params: idParamsSchema,
          response: { 200: conversationDetailSchema, ...errors },
        },
      },
      async (req) => {
        const principal = await ctx.auth.forConversation(req, req.params.id);
        const conversation = await ctx.conversations.get(req.params.id);
        const turns = await ctx.store.listTurns(conversation.id);
        const names = await ctx.context.authorNames(turns);
        // Staff read what their role may see (P3); the customer and the bot read the conversation as written.
        const hidden = principal.kind === 'agent' ? ctx.masker.hidden(principal.agent.role) : [];
        return {
          conversation: presentConversation(conversation),
          turns: turns.map((t) => {
            const turn = presentPublicTurn(t, names.get(t.authorId ?? '') ?? null);
            return hidden.length === 0 ? turn : { ...turn, text: ctx.masker.text(t.id, t.text, hidden) };
          }),
          handoff: conversation.status === 'assistant' ? null : await ctx.handoffs.noticeFor(conversation.id),
        };
      },
    );

    app.post(
      '/v1/conversations/:id/turns',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Add a turn; the escalation decision comes back in the response',
          params: idParamsSchema,
          body: addTurnBodySchema,
          response: { 200: addTurnResponseSchema, 201: addTurnResponseSchema, ...errors },
        },
      },
      async (req, reply) => {
        const principal = await ctx.auth.forConversation(req, req.params.id);
        if (principal.kind !== 'bot' && req.body.role !== 'customer') {
          throw new DomainError('forbidden', 'only bots may add assistant turns');
        }
        const { decisionFull, decision, ...rest } = await ctx.conversations.addTurn(req.params.id, {
          role: req.body.role,
          text: req.body.text,
          ...(req.body.annotations === undefined ? {} : { annotations: req.body.annotations }),
          ...(req.body.idempotencyKey === undefined ? {} : { idempotencyKey: req.body.idempotencyKey }),
          authorId: principal.kind === 'bot' && req.body.role === 'assistant' ? principal.name : null,
        });
        if (rest.created) {
          ctx.metrics.turns.inc({ role: req.body.role });
          if (decisionFull !== null)
            ctx.metrics.decisions.inc({ kind: decisionFull.kind, rule: decisionFull.rule ?? 'none' });
        }
        // Customers never see decision internals (presenters decide what leaves).
        const body = principal.kind === 'bot' && decision !== undefined ? { ...rest, decision } : rest;
        return reply.status(rest.created ? 201 : 200).send(body);
      },
    );

    app.post(
      '/v1/conversations/:id/close',
      {
        schema: {
          tags: ['conversations'],
          summary: 'The customer (or their bot) ends the conversation',
          params: idParamsSchema,
          response: { 200: z.object({ conversation: conversationViewSchema }), ...errors },
        },
      },
      async (req) => {
        await ctx.auth.forConversation(req, req.params.id);
        const conversation = await ctx.conversations.close(req.params.id, { kind: 'customer' });
        return { conversation: presentConversation(conversation) };
      },
    );
  };
