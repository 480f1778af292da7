import {
  conversationViewSchema,
  errorBodySchema,
  handoffNoticeSchema,
  idParamsSchema,
  publicTurnSchema,
  type PublicTurn,
} from '@baton/contracts';
import { DomainError, type Conversation } from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { randomIds } from '../services/ids.ts';
import { normalizePhone } from '../services/phone.ts';
import { presentConversation } from '../services/presenters.ts';
import type { AppContext } from './context.ts';

/** What the waiting customer chose when the wait is long (M3). */
export const waitChoiceBodySchema = z.discriminatedUnion('choice', [
  z.object({
    choice: z.literal('callback'),
    /** Where to call back; stored on the customer (normalised to E.164 when it parses). */
    phone: z
      .string()
      .trim()
      .min(5)
      .max(40)
      .regex(/^[+\d][\d\s().-]*$/, 'digits, spaces, + ( ) . - only'),
  }),
  z.object({ choice: z.literal('message'), text: z.string().trim().min(1).max(4000) }),
  z.object({ choice: z.literal('continue') }),
]);
export type WaitChoiceBody = z.infer<typeof waitChoiceBodySchema>;

export const waitChoiceResponseSchema = z.object({
  choice: z.enum(['callback', 'message', 'continue']),
  conversation: conversationViewSchema,
  /** The handoff as the customer sees it: still waiting after callback / continue; null after a message. */
  handoff: handoffNoticeSchema.nullable(),
  /** Turns written for the choice, in order (the customer's message, Baton's confirmation). */
  turns: z.array(publicTurnSchema),
});
export type WaitChoiceResponse = z.infer<typeof waitChoiceResponseSchema>;

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/** The customer's confirmations, also the record agents read in the transcript. */
const say = {
  callback: (phone: string) =>
    `Callback requested at ${phone}. You keep your place in line: you can close this window and we will call you when it is your turn.`,
  message:
    'Thanks, your message is with our team: the next person free reads it and replies here. You can close this window; the virtual assistant can keep helping meanwhile.',
  continue:
    'You keep your place in line. The virtual assistant can keep helping meanwhile; a person will join as soon as one is free.',
};

/**
 * M3: the choices offered when the wait is long (`longWait` in the handoff notice). Callback keeps the place
 * in line with a phone number on the customer; a message is written to the transcript and keeps the place
 * in line, so the next free agent gets it (the customer need not stay); continue only records the choice. Each choice is a system turn, so agents and supervisors see it in the transcript.
 *
 * No service has a method for this yet: the steps are composed here from public service and store methods
 * (HandoffService.endForConversation, ConversationService.addTurn / publishStatus, store.upsertCustomer).
 */
export const waitChoiceRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/conversations/:id/wait-choice',
      {
        schema: {
          tags: ['conversations'],
          summary: 'The waiting customer chooses a callback, a message, or to keep waiting (M3)',
          description:
            '`callback` {phone}: keeps the place in line, the number is stored on the customer. `message` {text}: the message goes to the transcript and keeps the place in line, so the next free agent reads it (the customer may leave). `continue`: stays in line. Customer token or bot key; `not_waiting` (409) unless the conversation is queued.',
          params: idParamsSchema,
          body: waitChoiceBodySchema,
          response: { 200: waitChoiceResponseSchema, ...errors },
        },
      },
      async (req, reply) => {
        const id = req.params.id;
        const principal = await ctx.auth.forConversation(req, id);
        if (principal.kind === 'agent')
          throw new DomainError('forbidden', 'only the customer (or their bot) can choose');
        const conversation = await ctx.conversations.get(id);
        const handoff = await ctx.store.openHandoffForConversation(id);
        if (
          conversation.status !== 'queued' ||
          handoff === null ||
          (handoff.status !== 'queued' && handoff.status !== 'offered')
        ) {
          return reply.status(409).send({
            error: { code: 'not_waiting', message: 'the conversation is not waiting for a person' },
            requestId: req.id,
          });
        }
        const body = req.body;
        const turns: PublicTurn[] = [];
        let current: Conversation = conversation;
        if (body.choice === 'callback') {
          const phone = normalizePhone(body.phone);
          await rememberPhone(ctx, conversation, phone);
          turns.push(await ctx.conversations.addSystemTurn(id, say.callback(phone)));
        } else if (body.choice === 'message') {
          // The message stays in line with its conversation: the next free agent gets the offer and reads it
          // first (a message nobody routes is a message nobody reads). Written while queued, so it never starts
          // a second handoff; the annotation lets the workspace and analytics tell it from live chat.
          const left = await ctx.conversations.addTurn(id, {
            role: 'customer',
            text: body.text,
            annotations: { actions: ['left_message'] },
          });
          turns.push(left.turn);
          turns.push(await ctx.conversations.addSystemTurn(id, say.message));
          current = await ctx.conversations.get(id);
        } else {
          turns.push(await ctx.conversations.addSystemTurn(id, say.continue));
        }
        const notice =
          current.status === 'queued' || current.status === 'agent' ? await ctx.handoffs.noticeFor(id) : null;
        return { choice: body.choice, conversation: presentConversation(current), handoff: notice, turns };
      },
    );
  };

/**
 * Stores the callback number on the conversation's customer: merged into the known customer (matched by
 * external id or email), else the customer that number identifies (V6), linked to the conversation.
 */
const rememberPhone = async (ctx: AppContext, conversation: Conversation, phone: string): Promise<void> => {
  const known = conversation.customerId === null ? null : await ctx.store.getCustomer(conversation.customerId);
  const input = {
    phone,
    ...(known?.externalId ? { externalId: known.externalId } : {}),
    ...(known?.email ? { email: known.email } : {}),
    ...(known?.name ? { name: known.name } : {}),
  };
  const customer = await ctx.store.upsertCustomer(randomIds.next('cus'), input, new Date());
  if (customer.id !== conversation.customerId) {
    await ctx.store.updateConversation(conversation.id, { customerId: customer.id, updatedAt: new Date() });
  }
};
