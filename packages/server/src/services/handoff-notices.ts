import type { HandoffNotice } from '@baton/contracts';

/** How long a notice is reused when no event said it changed, ms. */
export const NOTICE_TTL_MS = 2000;

/**
 * The handoff notice last given for each waiting conversation, so that a customer writing while in line
 * costs the turn's write and not three more reads (open handoff, queue, agent) per turn. Like the heads, an
 * optimisation and never the truth: ConversationService drops an entry on every event that can change it
 * (the conversation's status, its wait update, any lifecycle event of its handoff, from any instance), and
 * entries expire after `ttlMs` anyway, which bounds what no event announces (the place in line of customers
 * past the live-update limit, wait estimates drifting with time; the wait snapshot is itself up to 1 s old).
 * A notice read while an event dropped it is not kept: `begin()` before the read, `set(…, since)` after.
 * Bounded: the oldest entry goes past `capacity`. O(1) per operation.
 */
export class HandoffNotices {
  private readonly notices = new Map<string, { notice: HandoffNotice | null; at: number }>();
  /** Counts drops; `droppedAt` keeps the count at each conversation's latest drop (bounded like the notices). */
  private drops = 0;
  private readonly droppedAt = new Map<string, number>();
  /** Latest drop count whose record was evicted from `droppedAt`: reads begun before it are not kept. */
  private forgottenUpTo = 0;

  constructor(
    private readonly ttlMs = NOTICE_TTL_MS,
    private readonly capacity = 20_000,
  ) {}

  /** The cached notice (null: no open handoff), or undefined when there is none fresher than the TTL. */
  get(conversationId: string, now: number): HandoffNotice | null | undefined {
    const entry = this.notices.get(conversationId);
    if (entry === undefined) return undefined;
    if (now - entry.at >= this.ttlMs) {
      this.notices.delete(conversationId);
      return undefined;
    }
    return entry.notice;
  }

  /** Call before reading a notice; pass the result to `set`. */
  begin(): number {
    return this.drops;
  }

  /** Keeps a notice read since `since` (from `begin`), unless the conversation's notice was dropped meanwhile. */
  set(conversationId: string, notice: HandoffNotice | null, now: number, since: number): void {
    if ((this.droppedAt.get(conversationId) ?? 0) > since || this.forgottenUpTo > since) return;
    this.notices.delete(conversationId);
    this.notices.set(conversationId, { notice, at: now });
    if (this.notices.size > this.capacity) {
      const oldest = this.notices.keys().next();
      if (oldest.done !== true) this.notices.delete(oldest.value);
    }
  }

  drop(conversationId: string): void {
    this.notices.delete(conversationId);
    this.drops++;
    this.droppedAt.delete(conversationId);
    this.droppedAt.set(conversationId, this.drops);
    if (this.droppedAt.size > this.capacity) {
      const oldest = this.droppedAt.entries().next();
      if (oldest.done !== true) {
        this.droppedAt.delete(oldest.value[0]);
        this.forgottenUpTo = oldest.value[1];
      }
    }
  }
}
