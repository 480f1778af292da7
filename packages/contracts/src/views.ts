import { z } from 'zod';
import { contextPackageSchema } from './context-package.ts';

/** What leaves the server. Presenters in packages/server build these; nothing else is sent. */

export const channelSchema = z.enum(['chat', 'voice', 'email', 'sms']);
export const turnRoleSchema = z.enum(['customer', 'assistant', 'agent', 'system']);
export const conversationStatusSchema = z.enum(['assistant', 'queued', 'agent', 'closed']);
export const presenceSchema = z.enum(['available', 'busy', 'away', 'wrap_up', 'offline']);

/**
 * Why an agent says they are away or busy (R2), as the agent picks it. The server sets its own reasons too
 * (`after_conversation` for wrap-up, `disconnected`), so views carry the reason as a string.
 */
export const presenceReasonSchema = z.enum(['break', 'lunch', 'meeting', 'training', 'other']);
export type PresenceReason = z.infer<typeof presenceReasonSchema>;

/** A turn as the customer's side (widget, bot) sees it: no decision internals. */
export const publicTurnSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  role: turnRoleSchema,
  /** Display name of the author (agent's name for agent turns). */
  authorName: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
});
export type PublicTurn = z.infer<typeof publicTurnSchema>;

export const signalViewSchema = z.object({
  name: z.string(),
  score: z.number(),
  fired: z.boolean(),
  evidence: z.string().optional(),
});

export const decisionViewSchema = z.object({
  kind: z.enum(['continue', 'clarify', 'offer_human', 'collect_details', 'handoff']),
  rule: z.string().nullable(),
  policyVersion: z.string(),
  priority: z.number(),
  reason: z.object({ code: z.string(), agent: z.string(), customer: z.string() }).nullable(),
  signals: z.array(signalViewSchema),
  prompt: z.string().optional(),
  slotsToCollect: z.array(z.string()).optional(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

/** A turn as an agent sees it: with the decision it produced. */
export const agentTurnSchema = publicTurnSchema.extend({ decision: decisionViewSchema.nullable() });
export type AgentTurn = z.infer<typeof agentTurnSchema>;

export const conversationViewSchema = z.object({
  id: z.string(),
  channel: channelSchema,
  language: z.string(),
  status: conversationStatusSchema,
  assignedAgentId: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/** What the customer is told about a handoff in progress (M1). */
export const handoffNoticeSchema = z.object({
  status: z.enum(['queued', 'offered', 'assigned', 'completed', 'abandoned']),
  reason: z.string(),
  queueName: z.string(),
  agentName: z.string().nullable(),
  /** While waiting (M1, M2): 1-based place in line. */
  position: z.number().int().min(1).optional(),
  /** While waiting: expected wait in seconds; null when nobody who could take it is working (R10). */
  estimatedWaitSeconds: z.number().min(0).nullable().optional(),
  /** While waiting: the wait in words, truthful when nobody can come or the team is closed. */
  waitMessage: z.string().optional(),
  /** While waiting: the wait is long or nobody can come, so offer a message or the assistant meanwhile (M3). */
  longWait: z.boolean().optional(),
});
export type HandoffNotice = z.infer<typeof handoffNoticeSchema>;

export const customerViewSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});
export type CustomerView = z.infer<typeof customerViewSchema>;

export const handoffViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  queueId: z.string(),
  status: handoffNoticeSchema.shape.status,
  priority: z.number(),
  reason: z.object({ code: z.string(), agent: z.string(), customer: z.string() }),
  rule: z.string().nullable(),
  assignedAgentId: z.string().nullable(),
  createdAt: z.string(),
  assignedAt: z.string().nullable(),
});
export type HandoffView = z.infer<typeof handoffViewSchema>;

/** The context an agent gets with an offer and on accept (screen pop, A2/A3). Grows with the context issue. */
export const contextPreviewSchema = z.object({
  conversation: conversationViewSchema,
  handoff: handoffViewSchema,
  customer: customerViewSchema.nullable(),
  transcript: z.array(agentTurnSchema),
  /** The full context package (C1–C9), redacted by policy. Optional: older servers and failed builds omit it. */
  package: contextPackageSchema.optional(),
});
export type ContextPreview = z.infer<typeof contextPreviewSchema>;

export const reservationViewSchema = z.object({
  id: z.string(),
  handoffId: z.string(),
  conversationId: z.string(),
  agentId: z.string(),
  status: z.enum(['pending', 'accepted', 'rejected', 'timed_out', 'cancelled']),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ReservationView = z.infer<typeof reservationViewSchema>;

export const agentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['agent', 'supervisor', 'admin']),
  presence: presenceSchema,
  /** Why the agent is in that presence (`lunch`, `after_conversation`, …); null when no reason was given. */
  presenceReason: z.string().nullable().optional(),
  /** When the presence began (ISO); with `wrap_up` the workspace counts the wrap-up down from it. */
  presenceSince: z.string().optional(),
  /** Seconds of wrap-up after each conversation; null when off. */
  wrapUpSeconds: z.number().nullable().optional(),
  capacity: z.record(z.string(), z.number()),
  skills: z.record(z.string(), z.number()),
  languages: z.array(z.string()),
});
export type AgentView = z.infer<typeof agentViewSchema>;

export const agentConversationSchema = z.object({
  conversation: conversationViewSchema,
  customer: customerViewSchema.nullable(),
  handoff: handoffViewSchema.nullable(),
  transcript: z.array(agentTurnSchema),
});
export type AgentConversation = z.infer<typeof agentConversationSchema>;

// ---- agent actions, consent, survey (A6, P1, M7) ----

/** How a handoff ended, as the agent records it in the wrap-up (A6). */
export const wrapUpDispositionSchema = z.enum([
  'resolved',
  'follow_up',
  'transferred',
  'handed_back',
  'no_resolution',
  'other',
]);
export type WrapUpDispositionView = z.infer<typeof wrapUpDispositionSchema>;

export const wrapUpViewSchema = z.object({
  handoffId: z.string(),
  conversationId: z.string(),
  agentId: z.string(),
  disposition: wrapUpDispositionSchema,
  notes: z.string(),
  handoffNeeded: z.boolean(),
  createdAt: z.string(),
});
export type WrapUpView = z.infer<typeof wrapUpViewSchema>;

/** Where an agent can transfer a conversation (R9): queues, and colleagues with their presence. */
export const transferTargetsSchema = z.object({
  queues: z.array(z.object({ id: z.string(), name: z.string() })),
  agents: z.array(z.object({ id: z.string(), name: z.string(), presence: presenceSchema })),
});
export type TransferTargets = z.infer<typeof transferTargetsSchema>;

/** The customer's recording consent as stored (P1): the choice, the wording shown, when and where. */
export const consentViewSchema = z.object({
  recording: z.enum(['granted', 'declined']),
  wording: z.string(),
  language: z.string(),
  channel: channelSchema,
  createdAt: z.string(),
});
export type ConsentView = z.infer<typeof consentViewSchema>;

export const surveyViewSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  createdAt: z.string(),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

// ---- supervisor console (A7, N8 live) ----

/** One queue as the supervisor sees it live. */
export const queueStatsSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Handoffs waiting (queued, or offered to an agent who has not answered yet). */
  waiting: z.number().int(),
  /** Handoffs an agent is handling now. */
  assigned: z.number().int(),
  /** When the longest-waiting handoff entered the queue; null when nobody waits. */
  oldestWaitingSince: z.string().nullable(),
  slaSeconds: z.number(),
});
export type QueueStats = z.infer<typeof queueStatsSchema>;

/** One agent as the supervisor sees it live: presence and load against capacity. */
export const agentStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: agentViewSchema.shape.role,
  presence: presenceSchema,
  presenceSince: z.string(),
  /** Why (`lunch`, `after_conversation`, …); null when no reason was given. */
  presenceReason: z.string().nullable().optional(),
  load: z.record(z.string(), z.number()),
  capacity: z.record(z.string(), z.number()),
});
export type AgentStatus = z.infer<typeof agentStatusSchema>;

/** A conversation that is not closed, for the supervisor's list. */
export const liveConversationSchema = z.object({
  conversation: conversationViewSchema,
  customerName: z.string().nullable(),
  queueName: z.string().nullable(),
  agentName: z.string().nullable(),
  handoffStatus: handoffNoticeSchema.shape.status.nullable(),
  /** When the open handoff started (the wait clock while queued). */
  handoffSince: z.string().nullable(),
});
export type LiveConversation = z.infer<typeof liveConversationSchema>;

/** The whole floor at one moment. */
export const floorSnapshotSchema = z.object({
  at: z.string(),
  queues: z.array(queueStatsSchema),
  agents: z.array(agentStatusSchema),
  conversations: z.array(liveConversationSchema),
});
export type FloorSnapshot = z.infer<typeof floorSnapshotSchema>;
