import type { ContextPackage } from '../types.ts';
import { adapterView, type AdapterOptions } from './adapter-view.ts';

export interface TwilioTaskOptions extends AdapterOptions {
  /**
   * Largest JSON size in bytes (UTF-8). Default 16 384: Twilio does not publish one hard figure for task
   * attributes, and big attributes slow every workflow evaluation; over budget the transcript tail goes
   * first, then the summary is cut.
   */
  maxBytes?: number;
}

/** TaskRouter task attributes: what workflows route on (top level) and what Flex shows (`customers`, `baton`). */
export interface TwilioTaskAttributes {
  type: 'baton_handoff';
  conversation_id: string;
  handoff_id: string | null;
  channel: string;
  language: string;
  priority: number;
  reason: string | null;
  intent: string | null;
  tier: string | null;
  sentiment: number | null;
  /** Flex's customer block; the name / e-mail / phone only as `identity` allows. */
  customers: { customer_label_1: string | null; name?: string; email?: string; phone?: string };
  baton: {
    version: string;
    summary: string;
    next_step: string;
    reason_text: string | null;
    intent_confidence: number | null;
    lead_score: number | null;
    deal_stage: string | null;
    account_value: number | null;
    order_numbers: string[];
    open_tickets: number;
    missing: string[];
    bridge_message: string | null;
    context_url: string | null;
    transcript_tail: { role: string; text: string }[];
  };
}

const bytes = (o: unknown): number => new TextEncoder().encode(JSON.stringify(o)).length;

/**
 * The context package as Twilio TaskRouter task attributes (C10), e.g. for
 * `client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: JSON.stringify(a), workflowSid })`.
 * Workflow expressions can use `tier == "gold"`, `reason == "billing_dispute"`, `priority > 5`.
 */
export const toTwilioTaskAttributes = (pkg: ContextPackage, options: TwilioTaskOptions = {}): TwilioTaskAttributes => {
  const v = adapterView(pkg, options);
  const attrs: TwilioTaskAttributes = {
    type: 'baton_handoff',
    conversation_id: v.conversationId,
    handoff_id: v.handoffId,
    channel: v.channel,
    language: v.language,
    priority: v.priority,
    reason: v.reasonCode,
    intent: v.intent?.name ?? null,
    tier: v.tier,
    sentiment: v.sentiment,
    customers: {
      customer_label_1: v.customerId,
      ...(v.name === null ? {} : { name: v.name }),
      ...(v.email === null ? {} : { email: v.email }),
      ...(v.phone === null ? {} : { phone: v.phone }),
    },
    baton: {
      version: v.version,
      summary: v.summary,
      next_step: v.nextStep,
      reason_text: v.reason,
      intent_confidence: v.intent?.confidence ?? null,
      lead_score: v.leadScore,
      deal_stage: v.dealStage,
      account_value: v.accountValue,
      order_numbers: v.orderNumbers,
      open_tickets: v.openTickets,
      missing: v.missing,
      bridge_message: v.bridgeMessage,
      context_url: v.contextUrl,
      transcript_tail: v.transcriptTail,
    },
  };
  const max = options.maxBytes ?? 16_384;
  while (bytes(attrs) > max && attrs.baton.transcript_tail.length > 0) attrs.baton.transcript_tail.shift();
  // then cut the summary (bytes ≥ characters, so a cut by the overshoot may need a second pass)
  for (let over = bytes(attrs) - max; over > 0 && attrs.baton.summary !== ''; over = bytes(attrs) - max) {
    const keep = Math.max(0, attrs.baton.summary.replace(/…$/, '').length - over - 1);
    attrs.baton.summary = keep === 0 ? '' : `${attrs.baton.summary.slice(0, keep)}…`;
  }
  return attrs;
};
