/** The outbound webhook store (V5): deliveries, their attempts, single delivery across instances. */
/**
 * - `pending`: waiting for its (next) attempt at `nextAttemptAt`.
 * - `delivering`: claimed by one instance until `leaseUntil`.
 * - `delivered`: the endpoint answered 2xx.
 * - `failed`: every attempt failed; a replay makes it pending again.
 */
export type WebhookDeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

/** One event for one endpoint (V5). Unique per (eventId, endpoint): that is what makes delivery single. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventName: string;
  endpoint: string;
  /** The exact JSON body sent and signed. */
  payload: string;
  status: WebhookDeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAt: Date;
  /** The instance holding the delivery while `delivering`, until `leaseUntil` (then anyone may take it). */
  claimedBy: string | null;
  leaseUntil: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** The delivery log: one row per HTTP attempt. */
export interface WebhookAttempt {
  deliveryId: string;
  /** 1-based. */
  attempt: number;
  at: Date;
  /** The endpoint's HTTP status; null when no answer came (connection error, timeout). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookStore {
  /** Inserts the delivery unless one exists for (eventId, endpoint); returns the stored one either way. */
  enqueueWebhook(d: WebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }>;
  /**
   * Compare-and-set claim: succeeds when the delivery is `pending` and due (`nextAttemptAt <= now`), or
   * `delivering` with a lease that ran out (its claimer died). Returns null when someone else has it.
   */
  claimWebhook(id: string, owner: string, now: Date, leaseUntil: Date): Promise<WebhookDelivery | null>;
  /** Ids of deliveries claimable at `now`, earliest due first. */
  listDueWebhooks(now: Date, limit: number): Promise<string[]>;
  /**
   * Logs one attempt and stores its outcome, only while `owner` still holds the claim (else null and
   * nothing is written). `attempts` becomes `attempt.attempt`; the claim is released.
   */
  finishWebhookAttempt(
    id: string,
    owner: string,
    attempt: WebhookAttempt,
    next: { status: Exclude<WebhookDeliveryStatus, 'delivering'>; nextAttemptAt: Date },
  ): Promise<WebhookDelivery | null>;
  getWebhook(id: string): Promise<WebhookDelivery | null>;
  /** Newest first. */
  listWebhooks(filter: {
    eventId?: string;
    status?: WebhookDeliveryStatus[];
    limit?: number;
  }): Promise<WebhookDelivery[]>;
  /** Attempts of one delivery, in order. */
  listWebhookAttempts(deliveryId: string): Promise<WebhookAttempt[]>;
  /** Makes a delivery pending and due at `now` (replay); null if unknown or being delivered right now. */
  replayWebhook(id: string, now: Date): Promise<WebhookDelivery | null>;
}
