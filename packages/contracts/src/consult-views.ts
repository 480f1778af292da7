import { z } from 'zod';
import { limits } from './http.ts';
import { agentTurnSchema, contextPreviewSchema } from './views.ts';

/**
 * What agents see of a consult (R9): the owner asks a colleague for help in a private side thread. These
 * views travel only on the agent socket, to the two agents of the consult; no customer, bot or webhook
 * schema references them.
 */

export const consultStatusSchema = z.enum(['requested', 'active', 'declined', 'ended', 'transferred']);
export type ConsultStatusView = z.infer<typeof consultStatusSchema>;

export const consultEndReasonSchema = z.enum([
  'ended_by_owner',
  'left_by_colleague',
  'declined',
  'conversation_moved',
  'transferred',
]);

export const consultParticipantSchema = z.object({ id: z.string(), name: z.string() });

/** One internal message of the side thread. */
export const consultMessageViewSchema = z.object({
  id: z.string(),
  consultId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export type ConsultMessageView = z.infer<typeof consultMessageViewSchema>;

export const consultViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  handoffId: z.string(),
  owner: consultParticipantSchema,
  colleague: consultParticipantSchema,
  /** The owner's note to the colleague. */
  note: z.string(),
  status: consultStatusSchema,
  endReason: consultEndReasonSchema.nullable(),
  /** Who the conversation is with, for the colleague's request card. */
  customerName: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** The side thread so far, oldest first. */
  messages: z.array(consultMessageViewSchema),
});
export type ConsultView = z.infer<typeof consultViewSchema>;

/** A consult as the hello frame restores it: for the colleague of an active one, what they may read. */
export const consultSnapshotSchema = z.object({
  consult: consultViewSchema,
  context: contextPreviewSchema.optional(),
});
export type ConsultSnapshot = z.infer<typeof consultSnapshotSchema>;

const id = z.string().min(1).max(100);
const ref = z.string().max(100).optional();

/** The agent client frames of a consult; `ws.ts` adds them to the agent socket's union. */
export const consultClientFrameSchemas = [
  /** Asks a colleague to help on an owned conversation, with a short note. */
  z
    .object({
      type: z.literal('consult.start'),
      ref,
      conversationId: id,
      agentId: id,
      note: z
        .string()
        .trim()
        .max(limits.name * 5)
        .optional(),
    })
    .strict(),
  /** The colleague accepts a consult request: they may now read the conversation and write in the thread. */
  z.object({ type: z.literal('consult.accept'), ref, consultId: id }).strict(),
  /** The colleague declines a consult request. */
  z.object({ type: z.literal('consult.decline'), ref, consultId: id }).strict(),
  /** An internal message in the side thread; the customer never sees it. */
  z
    .object({
      type: z.literal('consult.message'),
      ref,
      consultId: id,
      text: z.string().trim().min(1).max(limits.turnText),
    })
    .strict(),
  /** The owner ends the consult (or withdraws the request); the colleague leaves it. */
  z.object({ type: z.literal('consult.end'), ref, consultId: id }).strict(),
  /** The owner completes an active consult as a warm transfer: the conversation moves to the colleague. */
  z.object({ type: z.literal('consult.transfer'), ref, consultId: id }).strict(),
] as const;

/** The agent server frames of a consult. */
export const consultServerFrameSchemas = [
  /** The consult changed (requested, accepted, declined, ended, transferred) or is new: sent to both agents. */
  z.object({ type: z.literal('consult.updated'), consult: consultViewSchema }),
  /** To the colleague on accept: the transcript and context package, for this consult only (audited). */
  z.object({ type: z.literal('consult.context'), consultId: z.string(), context: contextPreviewSchema }),
  /** A new side-thread message, to both agents. */
  z.object({ type: z.literal('consult.message'), message: consultMessageViewSchema }),
  /** A new customer-conversation turn, to the colleague while the consult is active. */
  z.object({ type: z.literal('consult.turn'), consultId: z.string(), turn: agentTurnSchema }),
] as const;
