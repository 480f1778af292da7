import type { AuditInput, BatonStore, BusSubscription, EventBus } from '@baton/core';
import type { FastifyBaseLogger } from 'fastify';
import { subjects, type LifecycleEvent } from '../realtime/subjects.ts';
import { sha256Hex } from './sha256.ts';

/**
 * Writes the audit trail (P4, P5): every handoff lifecycle event from the bus (every instance records
 * every event; the store keeps one entry per event id) and data access reported by the services.
 */
export class AuditRecorder {
  private sub: BusSubscription | null = null;

  constructor(
    private readonly store: BatonStore,
    private readonly log: () => FastifyBaseLogger,
  ) {}

  async start(bus: EventBus): Promise<void> {
    this.sub = await bus.subscribe(subjects.allLifecycle, (event) => {
      this.record(fromLifecycle(event as LifecycleEvent));
    });
  }

  async stop(): Promise<void> {
    await this.sub?.unsubscribe();
    this.sub = null;
  }

  /** Records in the background; a failure is logged, never thrown into the caller's path. */
  record(input: AuditInput): void {
    this.store.appendAudit(input, sha256Hex).catch((err: unknown) => {
      this.log().error({ err, eventId: input.eventId }, 'audit entry not recorded');
    });
  }

  /** Records now and waits (tests, and callers that must not proceed unaudited). */
  async recordNow(input: AuditInput): Promise<void> {
    await this.store.appendAudit(input, sha256Hex);
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
