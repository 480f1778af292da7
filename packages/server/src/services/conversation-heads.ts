import type { Conversation, EscalationState, RecordingChoice } from '@baton/core';

/** What the turn path needs to know about a conversation before it evaluates the next turn. */
export interface ConversationHead {
  conversation: Conversation;
  customerAttributes: Record<string, unknown> | null;
  lastSeq: number;
  state: EscalationState;
  /** The customer's latest answer to the recording question: decides what is stored (policy `consent:`). */
  recording: RecordingChoice;
}

/**
 * A bounded, least-recently-used cache of conversation heads, so that a turn costs one store write instead
 * of four reads and a write. It is an optimisation, never the truth: a head that is stale because another
 * instance appended a turn makes the append collide on (conversation_id, seq), and the caller drops the
 * head and re-reads; status changes anywhere arrive on the bus and drop the head (see ConversationService).
 * O(1) per operation (Map keeps insertion order; a hit is moved to the end).
 */
export class ConversationHeads {
  private readonly heads = new Map<string, ConversationHead>();

  constructor(private readonly capacity = 20_000) {}

  get(id: string): ConversationHead | undefined {
    const head = this.heads.get(id);
    if (head !== undefined) {
      this.heads.delete(id);
      this.heads.set(id, head);
    }
    return head;
  }

  set(id: string, head: ConversationHead): void {
    this.heads.delete(id);
    this.heads.set(id, head);
    if (this.heads.size > this.capacity) {
      const oldest = this.heads.keys().next();
      if (oldest.done !== true) this.heads.delete(oldest.value);
    }
  }

  drop(id: string): void {
    this.heads.delete(id);
  }

  get size(): number {
    return this.heads.size;
  }
}
