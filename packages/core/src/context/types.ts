import type { Channel, TurnRole } from '../conversation/types.ts';
import type { HandoffReason } from '../escalation/types.ts';
import type { PiiType } from '../privacy/types.ts';

/**
 * The context package (C1–C10): everything that travels with a handoff. Plain data, JSON-serialisable; the
 * zod schema in @baton/contracts (`contextPackageSchema`) validates the same shape and is published as
 * JSON Schema in docs/context-package.schema.json. Bump `CONTEXT_PACKAGE_VERSION` on any breaking change.
 */
export const CONTEXT_PACKAGE_VERSION = '1.0';

/** C1: who the customer is. */
export interface ContextIdentity {
  customerId: string | null;
  externalId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  accountId: string | null;
  company: string | null;
  /** True when the assistant or an upstream system verified the customer (CRM attribute `verified`). */
  verified: boolean;
}

/** C2: what the CRM knows. Unknown fields are null; everything else stays in `attributes`. */
export interface ContextCrm {
  /** Where the data came from: `builtin`, `hubspot` ... */
  source: string;
  tier: string | null;
  leadScore: number | null;
  dealStage: string | null;
  accountValue: number | null;
  orderNumbers: string[];
  openTickets: { id: string; subject: string; status: string }[];
  attributes: Record<string, unknown>;
}

/** C4: an earlier conversation of the same customer (any channel). */
export interface ContextHistoryItem {
  conversationId: string;
  channel: Channel;
  startedAt: string;
  closedAt: string | null;
  status: string;
  /** `resolved_by_assistant`, `handed_off`, `abandoned` ... when known. */
  outcome: string | null;
  agentName: string | null;
  /** One line: the first customer message, redacted. */
  summary: string | null;
}

/** C3: one turn of the transcript, redacted by policy. */
export interface ContextTurn {
  seq: number;
  role: TurnRole;
  channel: Channel;
  authorName: string | null;
  text: string;
  at: string;
  /** How many PII spans were replaced in this turn. */
  redactions: number;
}

/** C5 */
export interface ContextIntent {
  name: string;
  confidence: number;
  /** Turn where it was seen with this confidence. */
  turnSeq: number;
}

export interface ContextEntity {
  /** `order_number`, `amount`, `date`, or a PII type (`EMAIL` ...) whose value is then a placeholder. */
  type: string;
  value: string;
  turnSeq: number;
}

export interface ContextAction {
  action: string;
  turnSeq: number;
}

/** C6 */
export interface SentimentPoint {
  turnSeq: number;
  /** −1 .. +1. */
  score: number;
}

export interface FiredSignal {
  name: string;
  score: number;
  turnSeq: number;
  evidence: string | null;
}

/** C7: the agent's note. */
export interface ContextSummary {
  issue: string;
  tried: string;
  wants: string;
  nextStep: string;
  /** The four parts as one paragraph. */
  text: string;
  /** `extractive` (offline, default) or `llm`. */
  source: 'extractive' | 'llm';
}

export interface ContextPackage {
  schemaVersion: typeof CONTEXT_PACKAGE_VERSION;
  conversationId: string;
  handoffId: string | null;
  channel: Channel;
  language: string;
  /** When the package was built (ISO 8601), from the caller's clock. */
  builtAt: string;
  priority: number;
  identity: ContextIdentity | null;
  crm: ContextCrm | null;
  history: ContextHistoryItem[];
  transcript: ContextTurn[];
  intents: ContextIntent[];
  entities: ContextEntity[];
  slots: Record<string, string>;
  actions: ContextAction[];
  sentiment: SentimentPoint[];
  signals: FiredSignal[];
  /** C8: the handoff reason for the agent and for the customer. */
  reason: HandoffReason | null;
  summary: ContextSummary;
  /** C9: what the agent can send first. `{agent}` is left in when the agent is not known yet. */
  bridgeMessage: string;
  /** Parts that could not be filled (`crm`, `history`, `summary.llm` ...): the package went without them. */
  missing: string[];
  /** What redaction was applied to every text field. */
  redaction: { types: PiiType[]; spans: number };
}
