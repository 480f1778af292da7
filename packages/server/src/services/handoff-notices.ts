import type { HandoffNotice } from '@baton/contracts';

/** How long a notice is reused when no event said it changed, ms. */
export const NOTICE_TTL_MS = 2000;

/** When entries are read again in the background (see HandoffNotices). */
export interface NoticeRefresh {
  /** Age from which an entry is read again, ms (at most the TTL). */
  afterMs: number;
  /** Share of `afterMs` (0 to 1) taken off at random per entry, so reads made together spread out. */
  jitter: number;
  /** Source of the jitter (tests); Math.random by default. */
  random?: () => number;
}

/**
 * The handoff notice last given for each waiting conversation, so that a customer writing while in line
 * costs the turn's write and not three more reads (open handoff, queue, agent) per turn. Like the heads, an
 * optimisation and never the truth: ConversationService drops an entry on every event that can change it
 * (the conversation's status, its wait update, any lifecycle event of its handoff, from any instance), and
 * entries expire after `ttlMs` anyway, which bounds what no event announces.
 * A notice read while an event dropped it is not kept: `begin()` before the read, `set(…, since)` after.
 * With `refresh`, an entry is read again in the background from a jittered age on (`claimRefresh`) and served
 * meanwhile, so a reader who keeps coming never waits for the read, and entries read at the same moment (every
 * customer of a queue) are not all read again at one later moment. Bounded: the oldest entry goes past
 * `capacity`. O(1) per operation. Also keeps what a notice is made of (`T`, see ConversationService).
 */
export class HandoffNotices<T = HandoffNotice> {
  private readonly notices = new Map<string, { notice: T | null; expiresAt: number; refreshAt: number }>();
  /** Counts drops; `droppedAt` keeps the count at each conversation's latest drop (bounded like the notices). */
  private drops = 0;
  private readonly droppedAt = new Map<string, number>();
  /** Latest drop count whose record was evicted from `droppedAt`: reads begun before it are not kept. */
  private forgottenUpTo = 0;

  /**
   * @param ttlMs how long an entry is served at most, ms
   * @param capacity most conversations kept
   * @param refresh background re-reads before the TTL (none by default)
   */
  constructor(
    private readonly ttlMs = NOTICE_TTL_MS,
    private readonly capacity = 20_000,
    private readonly refresh?: NoticeRefresh,
  ) {}

  /** The cached notice (null: no open handoff), or undefined when there is none fresher than the TTL. */
  get(conversationId: string, now: number): T | null | undefined {
    const entry = this.notices.get(conversationId);
    if (entry === undefined) return undefined;
    if (now >= entry.expiresAt) {
      this.notices.delete(conversationId);
      return undefined;
    }
    return entry.notice;
  }

  /**
   * True once for an entry past its refresh age: the caller reads it again in the background and `set`s
   * it. An entry whose re-read failed is not handed out again; it expires at its TTL.
   */
  claimRefresh(conversationId: string, now: number): boolean {
    const entry = this.notices.get(conversationId);
    if (entry === undefined || now < entry.refreshAt) return false;
    entry.refreshAt = Infinity;
    return true;
  }

  /** Call before reading a notice; pass the result to `set`. */
  begin(): number {
    return this.drops;
  }

  /** Keeps a notice read since `since` (from `begin`), unless the conversation's notice was dropped meanwhile. */
  set(conversationId: string, notice: T | null, now: number, since: number): void {
    if ((this.droppedAt.get(conversationId) ?? 0) > since || this.forgottenUpTo > since) return;
    this.notices.delete(conversationId);
    const r = this.refresh;
    const refreshAt = r === undefined ? Infinity : now + r.afterMs * (1 - r.jitter * (r.random ?? Math.random)());
    this.notices.set(conversationId, { notice, expiresAt: now + this.ttlMs, refreshAt });
    if (this.notices.size > this.capacity) {
      const oldest = this.notices.keys().next();
      if (oldest.done !== true) this.notices.delete(oldest.value);
    }
  }

  /** Drops every entry whose notice matches (a queue's settings changed: its waiting customers' notices). O(n). */
  dropWhere(matches: (notice: T | null) => boolean): void {
    // Deleting the entry being visited is safe while iterating a Map.
    for (const [conversationId, entry] of this.notices) if (matches(entry.notice)) this.drop(conversationId);
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
