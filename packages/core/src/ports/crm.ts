/** The CRM port (C2, C10): how connectors find a customer and write a handoff's outcome back. */
import type { Channel } from '../conversation/types.ts';

/** How to find a customer in a CRM (C2). Connectors try externalId, then e-mail, then phone. */
export interface CrmQuery {
  email?: string | null;
  phone?: string | null;
  /** The customer's id in the CRM (or in the business's own systems). */
  externalId?: string | null;
  /** Baton's own customer id; only the built-in connector reads it. */
  customerId?: string | null;
}

/** What a handoff needs from a CRM (C2). Unknown values are null / empty; `raw` keeps the source's extra fields. */
export interface CrmRecord {
  /** The connector: `builtin`, `hubspot`, `salesforce`, `zendesk`. */
  source: string;
  /** The record's id in that CRM (contact / user id): where write-back goes. */
  id: string;
  /** The account / organisation id in that CRM, when there is one. */
  accountId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  /** Service tier or plan (`gold`, `enterprise` ...). */
  tier: string | null;
  leadScore: number | null;
  /** Stage of the most relevant open deal / opportunity. */
  dealStage: string | null;
  /** Account value (annual revenue, deal amount, lifetime value) in the CRM's currency. */
  accountValue: number | null;
  orderNumbers: string[];
  openTickets: { id: string; subject: string; status: string }[];
  /** A link to the record in the CRM's UI, when known. */
  url: string | null;
  /** Extra fields worth showing, as the CRM named them. */
  raw: Record<string, unknown>;
  /** Parts that could not be read (`deals`, `tickets` ... after a timeout or 5xx); the rest is good. */
  missing?: string[];
}

/** How a handoff ended, written back to the CRM (C2) as a note, task or internal comment. */
export interface CrmOutcome {
  conversationId: string;
  handoffId: string;
  channel: Channel;
  /** `completed`, `abandoned` ... */
  status: string;
  /** Handoff reason code and wording for the agent. */
  reasonCode: string | null;
  reason: string | null;
  agentName: string | null;
  /** The agent's note, redacted. */
  summary: string | null;
  startedAt: Date;
  endedAt: Date;
}

/** Why a CRM call failed; `retryAfterMs` comes from the CRM's Retry-After on rate limits. */
export type CrmErrorKind = 'unauthorized' | 'not_found' | 'rate_limited' | 'unavailable' | 'timeout' | 'bad_response';

/** A CRM connector's failure, with the driver error wrapped (never leaked to the package or the client). */
export class CrmError extends Error {
  override readonly name = 'CrmError';
  constructor(
    readonly source: string,
    readonly kind: CrmErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${source}: ${message}`);
  }
}

/**
 * A CRM connector (C2): built-in customer store, HubSpot, Salesforce, Zendesk. Calls honour `signal` (the
 * caller's part budget); failures throw {@link CrmError}. Not found is `null`, not an error.
 */
export interface Crm {
  readonly name: string;
  lookup(query: CrmQuery, signal?: AbortSignal): Promise<CrmRecord | null>;
  /** Writes the handoff outcome to the record (note, task, internal comment). */
  writeOutcome(record: CrmRecord, outcome: CrmOutcome, signal?: AbortSignal): Promise<void>;
}
