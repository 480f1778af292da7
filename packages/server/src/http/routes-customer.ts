import {
  consentBodySchema,
  consentResponseSchema,
  errorBodySchema,
  idParamsSchema,
  surveyBodySchema,
  surveyStatusSchema,
} from '@baton/contracts';
import { DomainError } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/**
 * The customer's own records about a conversation (widget or bot): the AI disclosure and recording consent
 * with the wording shown (P1, M6), and the satisfaction survey after a person helped (M7).
 */
export const customerRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    /** The customer's side only: a supervisor may read, never answer for the customer. */
    const customerSide = async (req: Parameters<AppContext['auth']['forConversation']>[0], id: string) => {
      const principal = await ctx.auth.forConversation(req, id);
      if (principal.kind === 'agent') throw new DomainError('forbidden', 'only the customer (or their bot) can answer');
    };

    app.post(
      '/v1/conversations/:id/consent',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Record the AI disclosure shown and the recording consent (P1)',
          description:
            'Stores the choice with the exact wording shown, the time and the channel. A later call records a changed mind; the latest is in force.',
          params: idParamsSchema,
          body: consentBodySchema,
          response: { 201: consentResponseSchema, ...errors },
        },
      },
      async (req, reply) => {
        await customerSide(req, req.params.id);
        const consent = await ctx.records.recordConsent(req.params.id, req.body);
        return reply.status(201).send({ consent });
      },
    );

    app.get(
      '/v1/conversations/:id/consent',
      {
        schema: {
          tags: ['conversations'],
          summary: 'The consent in force for this conversation, if any',
          params: idParamsSchema,
          response: { 200: consentResponseSchema, ...errors },
        },
      },
      async (req) => {
        await ctx.auth.forConversation(req, req.params.id);
        return { consent: await ctx.records.consent(req.params.id) };
      },
    );

    app.post(
      '/v1/conversations/:id/survey',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Answer the satisfaction survey after a handed-off conversation (M7)',
          description:
            'Rating 1–5 and an optional comment, once per conversation: `conversation_open` before it ended, `survey_not_applicable` when no person handled it, `survey_already_answered` the second time.',
          params: idParamsSchema,
          body: surveyBodySchema,
          response: { 201: surveyStatusSchema, ...errors },
        },
      },
      async (req, reply) => {
        await customerSide(req, req.params.id);
        const survey = await ctx.records.answerSurvey(req.params.id, req.body);
        return reply.status(201).send({ eligible: true, survey });
      },
    );

    app.get(
      '/v1/conversations/:id/survey',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Whether the survey applies, and the answer if given',
          params: idParamsSchema,
          response: { 200: surveyStatusSchema, ...errors },
        },
      },
      async (req) => {
        await ctx.auth.forConversation(req, req.params.id);
        return ctx.records.surveyStatus(req.params.id);
      },
    );
  };
