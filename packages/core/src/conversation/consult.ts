/**
 * A consult (R9, A6): the agent who owns a conversation asks a colleague for help in a private side thread,
 * and may then hand the conversation to them directly (a warm transfer). The customer never sees a consult.
 *
 * - `requested`: waiting for the colleague to accept or decline.
 * - `active`: both agents share the side thread; the colleague may read the transcript and context.
 * - `declined`: the colleague said no.
 * - `ended`: the owner ended it, the colleague left, or the conversation moved on (closed, transferred).
 * - `transferred`: the owner completed it as a warm transfer to the colleague.
 */
export type ConsultStatus = 'requested' | 'active' | 'declined' | 'ended' | 'transferred';

/** The statuses in which a conversation counts as "in a consult" (at most one per conversation). */
export const OPEN_CONSULT_STATUSES: readonly ConsultStatus[] = ['requested', 'active'];

/** Why a consult stopped, beyond its status: who ended it and how. */
export type ConsultEndReason =
  'ended_by_owner' | 'left_by_colleague' | 'declined' | 'conversation_moved' | 'transferred';

export interface Consult {
  id: string;
  conversationId: string;
  /** The owner's handoff when the consult started; a consult never outlives it. */
  handoffId: string;
  /** The agent who owns the conversation and asked. */
  ownerId: string;
  /** The colleague asked for help. */
  colleagueId: string;
  /** The owner's short note to the colleague. */
  note: string;
  status: ConsultStatus;
  /** Set once the consult is no longer open. */
  endReason: ConsultEndReason | null;
  createdAt: Date;
  acceptedAt: Date | null;
  endedAt: Date | null;
}

/** One internal message of a consult's side thread; never part of the customer transcript. */
export interface ConsultMessage {
  id: string;
  consultId: string;
  authorId: string;
  text: string;
  createdAt: Date;
}
