/** Who wrote a turn. `system` turns are Baton's own words to the customer (transparency messages). */
export type TurnRole = 'customer' | 'assistant' | 'agent' | 'system';

export type Channel = 'chat' | 'voice' | 'email' | 'sms';

/**
 * Where a conversation is in the handoff lifecycle.
 * - `assistant`: the assistant owns it.
 * - `queued`: a handoff is waiting for an agent (includes time while an offer is out).
 * - `agent`: a person owns it; the assistant is silent.
 * - `closed`: finished.
 */
export type ConversationStatus = 'assistant' | 'queued' | 'agent' | 'closed';

/** Optional per-turn voice features; present only on voice turns. */
export interface Prosody {
  /** Loudness of the utterance relative to the caller's own baseline, in dB (positive = louder). */
  loudnessDb?: number;
  /** Speech-recognition confidence, 0..1. */
  asrConfidence?: number;
}

/** What the assistant knows about the turn when it reports it (all optional; Baton infers the rest). */
export interface TurnAnnotations {
  /** The bot's own intent label and confidence, if it has an NLU. */
  intent?: { name: string; confidence: number };
  /** True when the assistant could not answer (fallback / "I didn't understand"). */
  fallback?: boolean;
  /** Slots the assistant collected so far. */
  slots?: Record<string, string>;
  /** Actions the assistant already took (e.g. "sent reset link"). */
  actions?: string[];
  prosody?: Prosody;
}

export interface Turn {
  id: string;
  conversationId: string;
  /** 1-based position in the conversation; assigned by the store, gap-free. */
  seq: number;
  role: TurnRole;
  /** Agent id for agent turns, bot id for assistant turns. */
  authorId: string | null;
  text: string;
  annotations: TurnAnnotations;
  createdAt: Date;
}

export interface Customer {
  id: string;
  externalId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Free-form CRM attributes: tier, leadScore, accountValue ... */
  attributes: Record<string, unknown>;
  createdAt: Date;
}

export interface Conversation {
  id: string;
  customerId: string | null;
  channel: Channel;
  language: string;
  status: ConversationStatus;
  /** The agent who owns the conversation while status is `agent`. */
  assignedAgentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}
