import { z } from 'zod';
import { limits } from './http.ts';
import {
  agentConversationSchema,
  agentTurnSchema,
  agentViewSchema,
  contextPreviewSchema,
  conversationViewSchema,
  customerViewSchema,
  decisionViewSchema,
  floorSnapshotSchema,
  handoffNoticeSchema,
  handoffViewSchema,
  presenceReasonSchema,
  presenceSchema,
  publicTurnSchema,
  reservationViewSchema,
  transferTargetsSchema,
  wrapUpDispositionSchema,
} from './views.ts';
import { consultClientFrameSchemas, consultServerFrameSchemas, consultSnapshotSchema } from './consult-views.ts';

export * from './consult-views.ts';

/**
 * WebSocket frames. Every frame is a JSON object with `type`. Client frames may carry `ref`; the server
 * answers each with `ack` or `error` carrying the same `ref`. An invalid frame gets an `error` frame and
 * the socket stays open.
 */
const ref = z.string().max(100).optional();

/** Frames every server socket sends: the answer to a client frame's `ref`, and errors (the socket stays open). */
export const ackFrameSchema = z.object({ type: z.literal('ack'), ref: z.string() });
export const pongFrameSchema = z.object({ type: z.literal('pong'), ref: z.string().optional() });
export const errorFrameSchema = z.object({
  type: z.literal('error'),
  ref: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// ---- agent socket: /v1/agent/stream?token=… ----

export const agentClientFrameSchema = z.discriminatedUnion('type', [
  /** A reason only goes with `away` or `busy` (else `presence_reason_not_allowed`); unknown reasons are invalid. */
  z
    .object({ type: z.literal('presence.set'), ref, presence: presenceSchema, reason: presenceReasonSchema.optional() })
    .strict(),
  z.object({ type: z.literal('offer.accept'), ref, reservationId: z.string().max(100) }).strict(),
  z.object({ type: z.literal('offer.reject'), ref, reservationId: z.string().max(100) }).strict(),
  z
    .object({
      type: z.literal('message.send'),
      ref,
      conversationId: z.string().max(100),
      text: z.string().trim().min(1).max(limits.turnText),
    })
    .strict(),
  z.object({ type: z.literal('conversation.close'), ref, conversationId: z.string().max(100) }).strict(),
  z.object({ type: z.literal('typing'), ref, conversationId: z.string().max(100) }).strict(),
  z.object({ type: z.literal('ping'), ref }).strict(),
  /** Asks for the queues and colleagues a conversation can go to; answered with `transfer.targets`. */
  z.object({ type: z.literal('transfer.targets'), ref }).strict(),
  /** Moves an owned conversation to another queue or agent with its context (R9): a new handoff there. */
  z
    .object({
      type: z.literal('conversation.transfer'),
      ref,
      conversationId: z.string().max(100),
      target: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('queue'), queueId: z.string().min(1).max(100) }).strict(),
        z.object({ kind: z.literal('agent'), agentId: z.string().min(1).max(100) }).strict(),
      ]),
      /** For the next agent: why it is transferred. */
      note: z
        .string()
        .trim()
        .max(limits.name * 5)
        .optional(),
    })
    .strict(),
  /** Gives an owned conversation back to the assistant: the handoff completes, the assistant answers again. */
  z
    .object({
      type: z.literal('conversation.hand_back'),
      ref,
      conversationId: z.string().max(100),
    })
    .strict(),
  /** The wrap-up of a handoff the agent handled (A6): disposition, notes, "was this handoff needed?". */
  z
    .object({
      type: z.literal('wrapup.submit'),
      ref,
      handoffId: z.string().min(1).max(100),
      disposition: wrapUpDispositionSchema,
      notes: z.string().trim().max(limits.turnText),
      handoffNeeded: z.boolean(),
    })
    .strict(),
  /** Consult (warm) transfer (R9): start, accept, decline, message, end, transfer. See consult-views.ts. */
  ...consultClientFrameSchemas,
]);
export type AgentClientFrame = z.infer<typeof agentClientFrameSchema>;

export const agentServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    agent: agentViewSchema,
    offers: z.array(z.object({ reservation: reservationViewSchema, context: contextPreviewSchema })),
    conversations: z.array(agentConversationSchema),
    /** Open consults the agent takes part in (either side); absent from servers without consults. */
    consults: z.array(consultSnapshotSchema).optional(),
  }),
  z.object({ type: z.literal('offer'), reservation: reservationViewSchema, context: contextPreviewSchema }),
  z.object({ type: z.literal('offer.ended'), reservationId: z.string(), status: reservationViewSchema.shape.status }),
  z.object({ type: z.literal('conversation.assigned'), conversation: agentConversationSchema }),
  z.object({ type: z.literal('conversation.updated'), conversation: conversationViewSchema }),
  z.object({ type: z.literal('turn'), turn: agentTurnSchema }),
  z.object({ type: z.literal('typing'), conversationId: z.string(), role: z.enum(['customer', 'agent']) }),
  /** The agent's presence changed (by them, another tab, or wrap-up); `since` is ISO, for the wrap-up countdown. */
  z.object({
    type: z.literal('presence'),
    presence: presenceSchema,
    reason: z.string().nullable().optional(),
    since: z.string().optional(),
    wrapUpSeconds: z.number().nullable().optional(),
  }),
  /** The conversation left this agent (transferred or handed back); its handoff awaits the wrap-up. */
  z.object({
    type: z.literal('conversation.released'),
    conversationId: z.string(),
    handoffId: z.string(),
    reason: z.enum(['transferred', 'handed_back']),
  }),
  z.object({ type: z.literal('transfer.targets'), ref: z.string().optional(), targets: transferTargetsSchema }),
  ...consultServerFrameSchemas,
  ackFrameSchema,
  pongFrameSchema,
  errorFrameSchema,
]);
export type AgentServerFrame = z.infer<typeof agentServerFrameSchema>;

// ---- customer socket: /v1/conversations/:id/stream?token=… (widget) ----

export const customerClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('typing'), ref }).strict(),
  z.object({ type: z.literal('ping'), ref }).strict(),
]);
export type CustomerClientFrame = z.infer<typeof customerClientFrameSchema>;

export const customerServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turn'), turn: publicTurnSchema }),
  z.object({
    type: z.literal('status'),
    conversation: conversationViewSchema,
    handoff: handoffNoticeSchema.nullable(),
  }),
  z.object({ type: z.literal('typing'), role: z.enum(['assistant', 'agent']), name: z.string().nullable() }),
  /** Position and wait updates while queued (M2); sent when the queue moves. */
  z.object({ type: z.literal('wait'), conversationId: z.string(), handoff: handoffNoticeSchema }),
  ackFrameSchema,
  pongFrameSchema,
  errorFrameSchema,
]);
export type CustomerServerFrame = z.infer<typeof customerServerFrameSchema>;

// ---- bot socket: /v1/bot/stream (Authorization: Bearer <bot key>) ----

/**
 * What a bot receives: every turn of every conversation (it decides which to answer; it should stay
 * silent once a person has the conversation — `agent` or `closed` — and while `queued` answer only what it
 * knows, as the built-in assistant does), and status changes.
 */
export const botServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('turn'),
    turn: publicTurnSchema,
    /** The decision a customer turn produced: bots act on clarify / offer_human / collect_details prompts. */
    decision: decisionViewSchema.nullable(),
    conversation: conversationViewSchema,
  }),
  z.object({
    type: z.literal('status'),
    conversation: conversationViewSchema,
    handoff: handoffNoticeSchema.nullable(),
  }),
  z.object({ type: z.literal('wait'), conversationId: z.string(), handoff: handoffNoticeSchema }),
  pongFrameSchema,
  errorFrameSchema,
]);
export type BotServerFrame = z.infer<typeof botServerFrameSchema>;

export const botClientFrameSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ping'), ref }).strict()]);
export type BotClientFrame = z.infer<typeof botClientFrameSchema>;

// ---- supervisor socket: /v1/supervisor/stream?token=… (supervisors and admins) ----

export const supervisorClientFrameSchema = z.discriminatedUnion('type', [
  /** Reads one conversation live (read-only): answered with `conversation.transcript`, then its turns. */
  z.object({ type: z.literal('conversation.watch'), ref, conversationId: z.string().min(1).max(100) }).strict(),
  z.object({ type: z.literal('conversation.unwatch'), ref }).strict(),
  z.object({ type: z.literal('ping'), ref }).strict(),
]);
export type SupervisorClientFrame = z.infer<typeof supervisorClientFrameSchema>;

export const supervisorServerFrameSchema = z.discriminatedUnion('type', [
  /** The whole floor: first on connect, then after every change (coalesced). */
  z.object({ type: z.literal('floor'), floor: floorSnapshotSchema }),
  z.object({
    type: z.literal('conversation.transcript'),
    conversation: conversationViewSchema,
    customer: customerViewSchema.nullable(),
    handoff: handoffViewSchema.nullable(),
    transcript: z.array(agentTurnSchema),
  }),
  /** A new turn of the watched conversation. */
  z.object({ type: z.literal('turn'), turn: agentTurnSchema }),
  /** A status change of the watched conversation. */
  z.object({ type: z.literal('conversation.updated'), conversation: conversationViewSchema }),
  /** A handoff lifecycle event, for the activity feed. */
  z.object({
    type: z.literal('activity'),
    name: z.string(),
    at: z.string(),
    handoff: handoffViewSchema,
    agentId: z.string().nullable(),
  }),
  ackFrameSchema,
  pongFrameSchema,
  errorFrameSchema,
]);
export type SupervisorServerFrame = z.infer<typeof supervisorServerFrameSchema>;
