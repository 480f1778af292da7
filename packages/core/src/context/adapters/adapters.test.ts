import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conversation, Customer } from '../../conversation/types.ts';
import { initialEscalationState } from '../../escalation/state.ts';
import type { StoredTurn } from '../../ports.ts';
import { buildContextPackage } from '../build.ts';
import type { ContextPackage } from '../types.ts';
import { renderCrmOutcome } from './crm-outcome.ts';
import { toChatwootAttributes, toZendeskTicket } from './desk-fields.ts';
import { SIP_DROP_ORDER, sipUriWithHeaders, toSipHeaders } from './sip-headers.ts';
import { toTwilioTaskAttributes } from './twilio-task.ts';

const at = new Date('2026-11-21T10:00:00Z');
const conversation: Conversation = {
  id: 'conv_7',
  customerId: 'cus_7',
  channel: 'voice',
  language: 'en',
  status: 'queued',
  assignedAgentId: null,
  createdAt: at,
  updatedAt: at,
  closedAt: null,
};
const customer: Customer = {
  id: 'cus_7',
  externalId: 'crm-7',
  name: 'Ana Lopez',
  email: 'ana@example.com',
  phone: '+15550100123',
  attributes: {
    tier: 'gold',
    leadScore: 82,
    orderNumbers: ['NW-4411'],
    openTickets: [{ id: 'T-1', subject: 'Pole', status: 'open' }],
  },
  createdAt: at,
};
let seq = 0;
const turn = (role: StoredTurn['role'], text: string): StoredTurn => ({
  id: `t${++seq}`,
  conversationId: conversation.id,
  seq,
  role,
  authorId: null,
  text,
  annotations: role === 'customer' ? { intent: { name: 'billing_dispute', confidence: 0.876 } } : {},
  createdAt: new Date(at.getTime() + seq * 1000),
  decision: null,
  escalationState: initialEscalationState(),
  idempotencyKey: null,
});
const PII = [
  'Ana Lopez',
  'ana@example.com',
  '+15550100123',
  '4111 1111 1111 1111',
  'GB82WEST12345698765432',
  'jane.roe@mail.com',
];
const packageWith = (turns: StoredTurn[]): ContextPackage =>
  buildContextPackage({
    conversation,
    handoff: {
      id: 'hof_7',
      reason: {
        code: 'billing_dispute',
        agent: 'Disputed charge on card 4111 1111 1111 1111',
        customer: 'A person will help.',
      },
      priority: 6,
    },
    customer,
    turns,
    builtAt: at,
  });
const pkg = packageWith([
  turn('customer', 'I was charged twice on card 4111 1111 1111 1111 for order NW-4411.'),
  turn('assistant', 'I am sorry. Let me check.'),
  turn('customer', 'My IBAN is GB82WEST12345698765432, email jane.roe@mail.com. I want my money back now!'),
]);
// a package whose text came from a looser policy (nothing redacted): adapters must still not leak
const loose = packageWith([
  turn('customer', 'Card 4111 1111 1111 1111, mail jane.roe@mail.com, IBAN GB82WEST12345698765432. '.repeat(3)),
]);
const unredacted: ContextPackage = {
  ...loose,
  transcript: loose.transcript.map((t, i) => ({ ...t, text: `Card 4111 1111 1111 1111, mail jane.roe@mail.com ${i}` })),
  summary: { ...loose.summary, text: 'Customer jane.roe@mail.com paid with 4111 1111 1111 1111.' },
};

const decodeAll = (h: Record<string, string>): string => Object.values(h).map(decodeURIComponent).join('\n');

describe('SIP headers', () => {
  it('renders X-Baton-* headers, percent-encoded, with no PII by default', () => {
    const sip = toSipHeaders(pkg, { contextUrl: 'https://baton.example.com/agent.html#conv_7' });
    expect(sip.headers['X-Baton-Version']).toBe('1.0');
    expect(sip.headers['X-Baton-Conversation']).toBe('conv_7');
    expect(sip.headers['X-Baton-Handoff']).toBe('hof_7');
    expect(sip.headers['X-Baton-Reason']).toBe('billing_dispute');
    expect(sip.headers['X-Baton-Tier']).toBe('gold');
    expect(sip.headers['X-Baton-Intent']).toBe('billing_dispute%3B0.88');
    expect(sip.headers['X-Baton-Customer']).toBe('cus_7');
    for (const v of Object.values(sip.headers)) expect(v).toMatch(/^[A-Za-z0-9\-._~%]*$/);
    for (const p of PII) expect(decodeAll(sip.headers)).not.toContain(p);
    expect(sip.chars).toBeLessThanOrEqual(1000);
    expect(sipUriWithHeaders('sip:support@pbx.example.com', sip)).toMatch(
      /^sip:support@pbx\.example\.com\?X-Baton-Version=1\.0&X-Baton-Conversation=conv_7&/,
    );
  });

  it('passes the name only when asked, and redacts even a package built with a looser policy', () => {
    expect(decodeURIComponent(toSipHeaders(pkg, { identity: 'name' }).headers['X-Baton-Customer'] ?? '')).toBe(
      'cus_7;Ana Lopez',
    );
    const text = decodeAll(toSipHeaders(unredacted, { maxChars: 4000 }).headers);
    expect(text).toContain('[EMAIL]');
    for (const p of ['4111 1111', 'jane.roe@mail.com']) expect(text).not.toContain(p);
  });

  it('shortens the summary first, then drops headers in the documented order, never the required ones', () => {
    const long: ContextPackage = {
      ...pkg,
      summary: { ...pkg.summary, text: 'The customer explains at length that '.repeat(30) },
    };
    const roomy = toSipHeaders(long, { maxChars: 600 });
    expect(roomy.truncated).toEqual(['X-Baton-Summary']);
    expect(roomy.dropped).toEqual([]);
    expect(decodeURIComponent(roomy.headers['X-Baton-Summary'] ?? '')).toMatch(/…$/);
    expect(roomy.chars).toBeLessThanOrEqual(600);
    const tight = toSipHeaders(long, { maxChars: 150 });
    const present = SIP_DROP_ORDER.filter((h) => toSipHeaders(long, { maxChars: 10_000 }).headers[h] !== undefined);
    expect(tight.dropped.length).toBeGreaterThan(1);
    expect(tight.dropped).toEqual(present.slice(0, tight.dropped.length));
    expect(tight.chars).toBeLessThanOrEqual(150);
    for (const h of [
      'X-Baton-Version',
      'X-Baton-Conversation',
      'X-Baton-Handoff',
      'X-Baton-Priority',
      'X-Baton-Reason',
    ])
      expect(tight.headers[h]).toBeDefined();
  });

  it('stays within any budget that fits the required headers, for any summary (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.integer({ min: 120, max: 2000 }), (text, maxChars) => {
        const sip = toSipHeaders({ ...pkg, summary: { ...pkg.summary, text } }, { maxChars });
        expect(sip.chars).toBeLessThanOrEqual(maxChars);
        for (const v of Object.values(sip.headers)) expect(v).not.toMatch(/[\r\n\s;&=]/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Twilio task attributes', () => {
  it('puts routing keys at the top level and the context under baton, without PII', () => {
    const a = toTwilioTaskAttributes(pkg);
    expect(a).toMatchObject({
      type: 'baton_handoff',
      conversation_id: 'conv_7',
      priority: 6,
      reason: 'billing_dispute',
      intent: 'billing_dispute',
      tier: 'gold',
      channel: 'voice',
    });
    expect(a.customers).toEqual({ customer_label_1: 'cus_7' });
    expect(a.baton.transcript_tail).toHaveLength(3);
    expect(a.baton.order_numbers).toEqual(['NW-4411']);
    const json = JSON.stringify(a);
    for (const p of PII) expect(json).not.toContain(p);
    expect(toTwilioTaskAttributes(pkg, { identity: 'full' }).customers).toEqual({
      customer_label_1: 'cus_7',
      name: 'Ana Lopez',
      email: 'ana@example.com',
      phone: '+15550100123',
    });
  });

  it('fits maxBytes by dropping the transcript tail, then cutting the summary', () => {
    const full = new TextEncoder().encode(JSON.stringify(toTwilioTaskAttributes(pkg))).length;
    const a = toTwilioTaskAttributes(pkg, { maxBytes: full - 10 });
    expect(a.baton.transcript_tail.length).toBeLessThan(3);
    const noTail = toTwilioTaskAttributes(pkg, { transcriptTail: 0 });
    const max = new TextEncoder().encode(JSON.stringify(noTail)).length - 20;
    const b = toTwilioTaskAttributes(pkg, { maxBytes: max });
    expect(b.baton.transcript_tail).toEqual([]);
    expect(b.baton.summary).toMatch(/…$/);
    expect(new TextEncoder().encode(JSON.stringify(b)).length).toBeLessThanOrEqual(max);
  });
});

describe('Zendesk and Chatwoot fields', () => {
  it('renders a Zendesk ticket with an internal note, tags and configured custom fields', () => {
    const t = toZendeskTicket(pkg, {
      fieldIds: { conversationId: 360001, tier: 360002, summary: 360003 },
      contextUrl: 'https://baton.example.com/c/conv_7',
    });
    expect(t.comment.public).toBe(false);
    expect(t.priority).toBe('high');
    expect(t.tags).toEqual([
      'baton',
      'baton_reason_billing_dispute',
      'baton_intent_billing_dispute',
      'baton_tier_gold',
    ]);
    expect(t.custom_fields).toEqual([
      { id: 360001, value: 'conv_7' },
      { id: 360002, value: 'gold' },
      { id: 360003, value: expect.any(String) as string },
    ]);
    expect(t.comment.body).toContain('Full context: https://baton.example.com/c/conv_7');
    for (const p of PII) expect(JSON.stringify(t)).not.toContain(p);
  });

  it('renders Chatwoot custom attributes without nulls or PII', () => {
    const { custom_attributes: c } = toChatwootAttributes(pkg);
    expect(c).toMatchObject({
      baton_conversation_id: 'conv_7',
      baton_handoff_id: 'hof_7',
      baton_priority: 6,
      baton_reason: 'billing_dispute',
      baton_tier: 'gold',
    });
    expect(Object.values(c).every((v) => v !== null)).toBe(true);
    for (const p of PII) expect(JSON.stringify(c)).not.toContain(p);
  });
});

describe('CRM outcome note', () => {
  it('redacts the summary and reason again', () => {
    const text = renderCrmOutcome({
      conversationId: 'conv_7',
      handoffId: 'hof_7',
      channel: 'chat',
      status: 'completed',
      reasonCode: 'billing_dispute',
      reason: 'card 4111 1111 1111 1111',
      agentName: 'Alice',
      summary: 'write to jane.roe@mail.com',
      startedAt: at,
      endedAt: new Date(at.getTime() + 90_000),
    });
    expect(text).toContain('Baton handoff hof_7 (chat) completed by Alice, 2 min.');
    for (const p of ['4111', 'jane.roe@mail.com']) expect(text).not.toContain(p);
  });
});
