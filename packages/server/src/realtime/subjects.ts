import type { AgentServerFrame, AgentTurn, ConversationView, HandoffNotice, HandoffView } from '@baton/contracts';

/**
 * Bus subjects and payloads. Payloads are already presented for the most privileged reader of the
 * subject (agents); the hub strips them for customers. Ids never contain dots, so they are safe tokens.
 */
export const subjects = {
  all: 'baton.>',
  turn: (conversationId: string) => `baton.conv.${conversationId}.turn`,
  status: (conversationId: string) => `baton.conv.${conversationId}.status`,
  typing: (conversationId: string) => `baton.conv.${conversationId}.typing`,
  wait: (conversationId: string) => `baton.conv.${conversationId}.wait`,
  /** The customer answered the recording question (P1); `*` subscribes to every conversation. */
  consent: (conversationId: string) => `baton.conv.${conversationId}.consent`,
  agent: (agentId: string) => `baton.agent.${agentId}`,
  /** A queue's settings were changed (name, hours, routing); `*` subscribes to every queue. */
  queueSettings: (queueId: string) => `baton.queue.${queueId}.settings`,
  /** Handoff lifecycle, for webhooks, analytics and audit: `baton.handoff.<event>`. */
  lifecycle: (event: LifecycleEventName) => `baton.handoff.${event.replace('.', '_')}`,
  allLifecycle: 'baton.handoff.*',
} as const;

export interface TurnEvent {
  kind: 'turn';
  turn: AgentTurn;
  conversation: ConversationView;
}

export interface StatusEvent {
  kind: 'status';
  conversation: ConversationView;
  handoff: HandoffNotice | null;
}

export interface ConsentEvent {
  kind: 'consent';
  conversationId: string;
  recording: 'granted' | 'declined';
}

export interface TypingEvent {
  kind: 'typing';
  conversationId: string;
  role: 'customer' | 'agent' | 'assistant';
  name: string | null;
  /** The agent who owns the conversation, so the hub can reach them without a lookup. */
  assignedAgentId: string | null;
}

export interface AgentEvent {
  kind: 'agent';
  agentId: string;
  frame: AgentServerFrame;
}

/** The handoff lifecycle events that leave Baton (webhooks, V5) and feed analytics and audit. */
export type LifecycleEventName =
  | 'handoff.created'
  | 'handoff.offered'
  | 'handoff.accepted'
  | 'handoff.declined'
  | 'handoff.completed'
  | 'handoff.abandoned';

export interface LifecycleEvent {
  kind: 'lifecycle';
  /** Unique per event; receivers de-duplicate on it. */
  id: string;
  name: LifecycleEventName;
  at: string;
  handoff: HandoffView;
  /** The agent concerned (offered / accepted / declined), if any. */
  agentId: string | null;
  /** For declined: rejected, timed_out or cancelled. */
  detail?: string;
}

/** A waiting customer's new position and expected wait (M2). */
export interface WaitEvent {
  kind: 'wait';
  conversationId: string;
  handoff: HandoffNotice;
}

/** A queue's settings changed: every instance forgets what it kept of the old ones (notices, wait snapshot). */
export interface QueueSettingsEvent {
  kind: 'queue_settings';
  queueId: string;
}

export type BusEvent =
  TurnEvent | StatusEvent | TypingEvent | AgentEvent | LifecycleEvent | WaitEvent | QueueSettingsEvent;
