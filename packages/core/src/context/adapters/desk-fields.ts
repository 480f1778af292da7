import type { ContextPackage } from '../types.ts';
import { adapterView, type AdapterOptions } from './adapter-view.ts';

/** Zendesk ticket custom field ids, per Baton value (Admin Center → Objects and rules → Tickets → Fields). */
export interface ZendeskFieldIds {
  conversationId?: number;
  reason?: number;
  intent?: number;
  tier?: number;
  sentiment?: number;
  summary?: number;
}

export interface ZendeskTicketOptions extends AdapterOptions {
  fieldIds?: ZendeskFieldIds;
}

/** The `ticket` object of `POST /api/v2/tickets` / `PUT /api/v2/tickets/{id}` (Zendesk Support API). */
export interface ZendeskTicketPayload {
  subject: string;
  comment: { body: string; public: false };
  priority: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  custom_fields: { id: number; value: string | number }[];
}

/** Zendesk tags: lower case, no spaces (a space splits a tag). */
const tag = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** Baton priority (0 … 10) → Zendesk priority. */
const zendeskPriority = (p: number): ZendeskTicketPayload['priority'] =>
  p >= 8 ? 'urgent' : p >= 5 ? 'high' : p >= 2 ? 'normal' : 'low';

/**
 * The context package as a Zendesk ticket (C10): the summary, reason and transcript tail as an internal note
 * (never public), tags for views and triggers (`baton`, `baton_reason_<code>`, `baton_intent_<name>`,
 * `baton_tier_<tier>`), and the configured custom fields.
 */
export const toZendeskTicket = (pkg: ContextPackage, options: ZendeskTicketOptions = {}): ZendeskTicketPayload => {
  const v = adapterView(pkg, options);
  const ids = options.fieldIds ?? {};
  const fields: [number | undefined, string | number | null][] = [
    [ids.conversationId, v.conversationId],
    [ids.reason, v.reasonCode],
    [ids.intent, v.intent?.name ?? null],
    [ids.tier, v.tier],
    [ids.sentiment, v.sentiment],
    [ids.summary, v.summary],
  ];
  const body = [
    `Handoff from the assistant (Baton ${v.conversationId}).`,
    ...(v.reason === null ? [] : [`Reason: ${v.reason}`]),
    `Summary: ${v.summary}`,
    `Next step: ${v.nextStep}`,
    ...(v.missing.length === 0 ? [] : [`Not available: ${v.missing.join(', ')}`]),
    ...(v.contextUrl === null ? [] : [`Full context: ${v.contextUrl}`]),
    '',
    ...v.transcriptTail.map((t) => `${t.role}: ${t.text}`),
  ].join('\n');
  return {
    subject: `Handoff: ${v.intent?.name ?? v.reasonCode ?? 'customer conversation'}`.slice(0, 150),
    comment: { body, public: false },
    priority: zendeskPriority(v.priority),
    tags: [
      'baton',
      ...(v.reasonCode === null ? [] : [`baton_reason_${tag(v.reasonCode)}`]),
      ...(v.intent === null ? [] : [`baton_intent_${tag(v.intent.name)}`]),
      ...(v.tier === null ? [] : [`baton_tier_${tag(v.tier)}`]),
    ],
    custom_fields: fields.flatMap(([id, value]) => (id === undefined || value === null ? [] : [{ id, value }])),
  };
};

/**
 * The context package as Chatwoot conversation custom attributes (C10), the body of
 * `POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/custom_attributes`. Keys are the
 * attribute keys to define in Chatwoot (Settings → Custom attributes → Conversation); values are text,
 * numbers or links.
 */
export const toChatwootAttributes = (
  pkg: ContextPackage,
  options: AdapterOptions = {},
): { custom_attributes: Record<string, string | number> } => {
  const v = adapterView(pkg, options);
  const all: Record<string, string | number | null> = {
    baton_conversation_id: v.conversationId,
    baton_handoff_id: v.handoffId,
    baton_priority: v.priority,
    baton_reason: v.reasonCode,
    baton_intent: v.intent?.name ?? null,
    baton_tier: v.tier,
    baton_sentiment: v.sentiment,
    baton_summary: v.summary,
    baton_next_step: v.nextStep,
    baton_missing: v.missing.length === 0 ? null : v.missing.join(', '),
    baton_context_url: v.contextUrl,
  };
  return {
    custom_attributes: Object.fromEntries(
      Object.entries(all).filter((e): e is [string, string | number] => e[1] !== null),
    ),
  };
};
