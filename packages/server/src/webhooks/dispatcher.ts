import { randomBytes } from 'node:crypto';
import type { BusSubscription, Clock, EventBus, Ids, WebhookDelivery, WebhookStore } from '@baton/core';
import type { WebhookEvent } from '@baton/contracts';
import { subjects, type LifecycleEvent } from '../realtime/subjects.ts';
import { SIGNATURE_HEADER, signWebhook } from './signature.ts';

export interface WebhookOptions {
  /** Endpoints that receive every handoff lifecycle event. */
  urls: string[];
  /** HMAC-SHA256 key of `Baton-Signature`; the same on every instance. */
  secret: string;
  /** Attempts before a delivery is marked failed (default 8). */
  maxAttempts?: number;
  /** Delay before the first retry, ms; doubled each time, with jitter (default 2 000). */
  retryBaseMs?: number;
  /** Largest delay between attempts, ms (default 1 hour). */
  retryMaxMs?: number;
  /** How long a claim lasts before another instance may take the delivery over, ms (default 60 000). */
  leaseMs?: number;
  /** How often each instance looks for due retries, ms (default 1 000). */
  pollMs?: number;
  /** Per-attempt HTTP timeout, ms (default 10 000). */
  timeoutMs?: number;
}

export interface WebhookLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Deps {
  store: WebhookStore;
  bus: EventBus;
  clock: Clock;
  ids: Ids;
  log: WebhookLogger;
  fetch?: typeof fetch;
  random?: () => number;
}

/** The JSON body for one lifecycle event (webhookEventSchema). */
export const webhookBody = (e: LifecycleEvent): WebhookEvent => ({
  id: e.id,
  type: e.name,
  createdAt: e.at,
  data: { handoff: e.handoff, agentId: e.agentId, ...(e.detail === undefined ? {} : { detail: e.detail }) },
});

/**
 * Outbound webhooks for the handoff lifecycle (V5). Every instance hears every `baton.handoff.*` event;
 * each inserts one delivery per endpoint under the unique (event_id, endpoint) index (the losers' inserts
 * do nothing), then tries a conditional-update claim: exactly one instance sends. Failures are retried with
 * exponential backoff and jitter by whichever instance's poller claims the delivery when it is due; a
 * claim is a lease, so a delivery held by a crashed instance is taken over once the lease runs out.
 * Every attempt is logged. At-least-once: a receiver de-duplicates on the event id.
 */
export class WebhookDispatcher {
  /** Identifies this instance's claims. */
  readonly owner = `inst_${randomBytes(6).toString('hex')}`;
  private subscription: BusSubscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly opts: Required<WebhookOptions>;
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    options: WebhookOptions,
  ) {
    this.opts = {
      maxAttempts: 8,
      retryBaseMs: 2_000,
      retryMaxMs: 3_600_000,
      leaseMs: 60_000,
      pollMs: 1_000,
      timeoutMs: 10_000,
      ...options,
    };
  }

  async start(): Promise<void> {
    this.subscription = await this.deps.bus.subscribe(subjects.allLifecycle, (event) => this.accept(event));
    this.timer = setInterval(() => this.track(this.deliverDue()), this.opts.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.subscription?.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Takes one lifecycle event: from the bus (every instance's events) and straight from this instance's
   * handoff service (its own events, also when the bus is down). Hearing an event twice is harmless: the
   * (event_id, endpoint) index keeps one delivery and the claim lets one attempt send it.
   */
  accept(event: unknown): void {
    this.track(this.onEvent(event as LifecycleEvent));
  }

  /** Makes a delivery due now and sends it (replay from the log). Null if unknown or in flight. */
  async replay(deliveryId: string): Promise<WebhookDelivery | null> {
    const replayed = await this.deps.store.replayWebhook(deliveryId, this.deps.clock.now());
    if (replayed !== null) this.track(this.attempt(replayed.id));
    return replayed;
  }

  /** Waits for the sends started so far (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch((err: unknown) => this.deps.log.error({ err }, 'webhook dispatch failed'));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  private async onEvent(event: LifecycleEvent): Promise<void> {
    if (event.kind !== 'lifecycle' || this.stopped) return;
    const payload = JSON.stringify(webhookBody(event));
    const now = this.deps.clock.now();
    for (const endpoint of this.opts.urls) {
      const { delivery } = await this.deps.store.enqueueWebhook({
        id: this.deps.ids.next('whd'),
        eventId: event.id,
        eventName: event.name,
        endpoint,
        payload,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        claimedBy: null,
        leaseUntil: null,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        deliveredAt: null,
      });
      await this.attempt(delivery.id);
    }
  }

  private async deliverDue(): Promise<void> {
    if (this.stopped) return;
    const due = await this.deps.store.listDueWebhooks(this.deps.clock.now(), 20);
    for (const id of due) await this.attempt(id);
  }

  /** Claims the delivery and, if this instance won it, makes one HTTP attempt and records the outcome. */
  private async attempt(id: string): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const claimed = await store.claimWebhook(id, this.owner, now, new Date(now.getTime() + this.opts.leaseMs));
    if (claimed === null) return; // another instance has it, or it is not due
    const attempt = claimed.attempts + 1;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await (this.deps.fetch ?? fetch)(claimed.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Baton-Webhooks/0.1',
          [SIGNATURE_HEADER]: signWebhook(this.opts.secret, claimed.payload, Math.floor(clock.now().getTime() / 1000)),
          'Baton-Event-Id': claimed.eventId,
          'Baton-Event-Type': claimed.eventName,
          'Baton-Delivery-Id': claimed.id,
          'Baton-Delivery-Attempt': String(attempt),
        },
        body: claimed.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'request failed';
    }
    const at = clock.now();
    const ok = error === null;
    const status = ok ? 'delivered' : attempt >= this.opts.maxAttempts ? 'failed' : 'pending';
    const finished = await store.finishWebhookAttempt(
      claimed.id,
      this.owner,
      { deliveryId: claimed.id, attempt, at, statusCode, error, durationMs: Date.now() - started },
      { status, nextAttemptAt: ok ? at : new Date(at.getTime() + this.retryDelay(attempt)) },
    );
    if (finished === null)
      this.deps.log.warn({ deliveryId: id }, 'webhook lease expired before the attempt was logged');
    else if (status === 'failed') {
      this.deps.log.warn({ deliveryId: id, endpoint: claimed.endpoint, error }, 'webhook delivery failed for good');
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries never bunch at zero. */
  private retryDelay(attempt: number): number {
    const cap = Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** (attempt - 1));
    return Math.round(cap / 2 + (this.deps.random ?? Math.random)() * (cap / 2));
  }
}
