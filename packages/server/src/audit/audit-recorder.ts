import type { AuditInput, BatonStore, BusSubscription, EventBus } from '@baton/core';
import type { FastifyBaseLogger } from 'fastify';
import { subjects, type LifecycleEvent } from '../realtime/subjects.ts';
import { sha256Hex } from './sha256.ts';

/** How long an entry waits before it is written, so that it is written after the offer it records, ms. */
export const AUDIT_DEFER_MS = 20;

/** Retry backoff after a failed write: doubles from the first value up to the second, ms. */
const RETRY_MS = [100, 5_000] as const;

/**
 * Writes the audit trail (P4, P5): every handoff lifecycle event from the bus (every instance records
 * every event; the store keeps one entry per event id) and data access reported by the services.
 *
 * Entries are written in the background, a moment after they are recorded (AUDIT_DEFER_MS) and together: the
 * decision and the offer of a handoff are chained after the agent's offer frame has left, in one transaction
 * (the store groups concurrent appends), instead of two lock-holding transactions racing the offer for the
 * database. An entry is never dropped: a failed write is retried, in order, until it succeeds, and `stop`
 * writes what is still waiting. Only a crash loses what was recorded in the last moment; lifecycle entries
 * are then still written by every other instance that heard the event.
 */
export class AuditRecorder {
  private sub: BusSubscription | null = null;
  private pending: AuditInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private retryMs: number = RETRY_MS[0];
  private stopped = false;
  /** The entries of the write in progress. */
  private inFlight: readonly AuditInput[] = [];
  private lastError: unknown = null;

  constructor(
    private readonly store: BatonStore,
    private readonly log: () => FastifyBaseLogger,
  ) {}

  async start(bus: EventBus): Promise<void> {
    this.stopped = false;
    this.sub = await bus.subscribe(subjects.allLifecycle, (event) => {
      this.record(fromLifecycle(event as LifecycleEvent));
    });
  }

  /** Stops listening and writes every entry still waiting (retrying a few times before giving up with an error). */
  async stop(): Promise<void> {
    await this.sub?.unsubscribe();
    this.sub = null;
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (let attempt = 0; attempt < 5 && (this.pending.length > 0 || this.flushing !== null); attempt++) {
      await (this.flushing ?? this.flush());
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length > 0) {
      this.log().error({ entries: this.pending.length }, 'audit entries not recorded at shutdown');
    }
  }

  /** Records in the background; a failure is logged and retried, never thrown into the caller's path. */
  record(input: AuditInput): void {
    this.pending.push(input);
    this.schedule(this.stopped ? 0 : AUDIT_DEFER_MS);
  }

  /**
   * Records now, with anything still waiting before it, and waits (tests, and callers that must not proceed
   * unaudited). Throws the store's error when the write fails; the entry stays queued and is retried.
   */
  async recordNow(input: AuditInput): Promise<void> {
    this.pending.push(input);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (;;) {
      const running = this.flushing ?? this.flush();
      const mine = this.inFlight.includes(input);
      await running;
      if (!mine) continue; // a write that started before this entry was queued
      if (this.pending.includes(input)) {
        throw this.lastError instanceof Error ? this.lastError : new Error('audit entry not recorded');
      }
      return;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null || this.flushing !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  /** Writes what is waiting, in order; on failure puts the unwritten entries back in front and retries later. */
  private flush(): Promise<void> {
    if (this.flushing !== null) return this.flushing;
    const batch = this.pending;
    this.pending = [];
    this.inFlight = batch;
    const flushing = (async () => {
      // Issued together: the store chains concurrent appends in one transaction, in this order.
      const results = await Promise.allSettled(batch.map((input) => this.store.appendAudit(input, sha256Hex)));
      const failed = batch.filter((_, i) => results[i]?.status === 'rejected');
      if (failed.length === 0) {
        this.retryMs = RETRY_MS[0];
        return;
      }
      const first = results.find((r) => r.status === 'rejected');
      this.lastError = first?.status === 'rejected' ? (first.reason as unknown) : null;
      this.log().error({ err: this.lastError, entries: failed.length }, 'audit entries not recorded yet; retrying');
      this.pending = [...failed, ...this.pending];
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MS[1]);
    })().finally(() => {
      this.flushing = null;
      this.inFlight = [];
      if (this.pending.length > 0) this.schedule(this.retryMs === RETRY_MS[0] ? AUDIT_DEFER_MS : this.retryMs);
    });
    this.flushing = flushing;
    return flushing;
  }
}

/** A lifecycle event as an audit entry: who, what, why (rule, reason), where it went. */
export const fromLifecycle = (e: LifecycleEvent): AuditInput => ({
  eventId: e.id,
  at: new Date(e.at),
  actor: e.agentId === null ? 'system' : `agent:${e.agentId}`,
  action: e.name,
  subject: `handoff:${e.handoff.id}`,
  data: {
    conversationId: e.handoff.conversationId,
    queueId: e.handoff.queueId,
    status: e.handoff.status,
    priority: e.handoff.priority,
    rule: e.handoff.rule,
    reasonCode: e.handoff.reason.code,
    ...(e.detail === undefined ? {} : { detail: e.detail }),
  },
});
