import type { BatonStore, BusSubscription, EventBus } from '@baton/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { subjects, type LifecycleEvent } from '../realtime/subjects.ts';

/** Speed-of-answer buckets in seconds: from an instant pick-up to a half-hour wait. */
const WAIT_BUCKETS = [1, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

/** Prometheus metrics of one instance (S4). One registry per app so tests can build several apps. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'baton_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly turns = new Counter({
    name: 'baton_turns_total',
    help: 'Turns recorded, by role',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'baton_decisions_total',
    help: 'Escalation decisions on customer turns, by kind and rule',
    labelNames: ['kind', 'rule'] as const,
    registers: [this.registry],
  });
  readonly sockets = new Gauge({
    name: 'baton_websockets',
    help: 'Open WebSocket connections, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  // Operational handoff metrics (N8), fed by the lifecycle events on the bus. Every instance receives every
  // instance's events, so each instance reports cluster-wide counts: aggregate with max(), not sum().
  readonly handoffs = new Counter({
    name: 'baton_handoffs_total',
    help: 'Handoffs created (cluster-wide), by reason code and queue',
    labelNames: ['reason', 'queue'] as const,
    registers: [this.registry],
  });
  readonly speedOfAnswer = new Histogram({
    name: 'baton_handoff_speed_of_answer_seconds',
    help: 'Seconds from handoff to an agent accepting it (cluster-wide), by queue',
    labelNames: ['queue'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  readonly abandonments = new Counter({
    name: 'baton_handoff_abandonments_total',
    help: 'Handoffs the customer left before an agent accepted (cluster-wide), by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly declines = new Counter({
    name: 'baton_handoff_offers_declined_total',
    help: 'Offers rejected, timed out or withdrawn (cluster-wide), by why',
    labelNames: ['why'] as const,
    registers: [this.registry],
  });
  readonly completions = new Counter({
    name: 'baton_handoffs_completed_total',
    help: 'Handoffs completed by an agent (cluster-wide), by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private depthSource: BatonStore | null = null;
  readonly queueDepth = new Gauge({
    name: 'baton_queue_depth',
    help: 'Handoffs waiting for an agent (queued or offered), by queue; read from the store at scrape time',
    labelNames: ['queue'] as const,
    registers: [this.registry],
    collect: async () => {
      const store = this.depthSource;
      if (store === null) return;
      const [queues, waiting] = await Promise.all([
        store.listQueues(),
        store.listHandoffs({ status: ['queued', 'offered'] }),
      ]);
      this.queueDepth.reset();
      for (const q of queues) this.queueDepth.set({ queue: q.id }, 0);
      for (const h of waiting) this.queueDepth.inc({ queue: h.queueId });
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Applies one lifecycle event to the handoff counters. */
  observeLifecycle(event: LifecycleEvent): void {
    const queue = event.handoff.queueId;
    switch (event.name) {
      case 'handoff.created':
        this.handoffs.inc({ reason: event.handoff.reason.code, queue });
        return;
      case 'handoff.accepted': {
        const assignedAt =
          event.handoff.assignedAt === null ? Date.parse(event.at) : Date.parse(event.handoff.assignedAt);
        const waited = (assignedAt - Date.parse(event.handoff.createdAt)) / 1000;
        if (Number.isFinite(waited)) this.speedOfAnswer.observe({ queue }, Math.max(0, waited));
        return;
      }
      case 'handoff.abandoned':
        this.abandonments.inc({ queue });
        return;
      case 'handoff.declined':
        this.declines.inc({ why: event.detail ?? 'unknown' });
        return;
      case 'handoff.completed':
        this.completions.inc({ queue });
        return;
      case 'handoff.offered':
        return;
    }
  }

  /** Subscribes the handoff metrics to the lifecycle events and the queue-depth gauge to the store. */
  async watch(bus: EventBus, store: BatonStore): Promise<BusSubscription> {
    this.depthSource = store;
    const sub = await bus.subscribe(subjects.allLifecycle, (event) => {
      const e = event as LifecycleEvent;
      if (e.kind === 'lifecycle') this.observeLifecycle(e);
    });
    return {
      unsubscribe: async () => {
        this.depthSource = null;
        await sub.unsubscribe();
      },
    };
  }
}
