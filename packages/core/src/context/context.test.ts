import { describe, expect, it } from 'vitest';
import type { Conversation, Customer } from '../conversation/types.ts';
import { initialEscalationState } from '../escalation/state.ts';
import type { Decision } from '../escalation/types.ts';
import type { StoredTurn } from '../ports.ts';
import { bridgeMessage } from './bridge.ts';
import { buildContextPackage, type ContextPackageInput } from './build.ts';
import { summarize } from './summarize.ts';

const at = new Date('2026-03-01T09:00:00Z');
const conversation: Conversation = {
  id: 'conv_1',
  customerId: 'cus_1',
  channel: 'chat',
  language: 'en',
  status: 'queued',
  assignedAgentId: null,
  createdAt: at,
  updatedAt: at,
  closedAt: null,
};
const customer: Customer = {
  id: 'cus_1',
  externalId: 'crm-77',
  name: 'Ana Silva',
  email: 'ana@example.com',
  phone: '+351912345678',
  attributes: {
    tier: 'gold',
    leadScore: 80,
    company: 'Acme',
    verified: true,
    orderNumbers: ['A-1001'],
    openTickets: [{ id: 'T-9', subject: 'Late parcel', status: 'open' }],
  },
  createdAt: at,
};
const handoffDecision: Decision = {
  kind: 'handoff',
  signals: [
    { name: 'explicit_request', score: 0.97, fired: true, evidence: "matched 'real person'" },
    { name: 'negative_sentiment', score: 0.2, fired: false },
    { name: 'topic:billing_dispute', score: 0.9, fired: true },
  ],
  rule: 'explicit_request',
  policyVersion: 'v1',
  priority: 6,
  reason: { code: 'explicit_request', agent: 'Customer asked for a person.', customer: 'A person will help you.' },
  routing: { intent: 'billing_dispute', topic: 'billing_dispute' },
};
let seq = 0;
const turn = (role: StoredTurn['role'], text: string, extra: Partial<StoredTurn> = {}): StoredTurn => ({
  id: `t${++seq}`,
  conversationId: 'conv_1',
  seq,
  role,
  authorId: null,
  text,
  annotations: {},
  createdAt: new Date(at.getTime() + seq * 1000),
  decision: null,
  escalationState: initialEscalationState(),
  idempotencyKey: null,
  ...extra,
});
const turns: StoredTurn[] = [
  turn('customer', 'Hi, I was charged twice for order #55102, $49.99 each time.', {
    annotations: { intent: { name: 'billing_dispute', confidence: 0.82 } },
    decision: { ...handoffDecision, kind: 'continue', signals: [], rule: null, reason: null },
  }),
  turn('assistant', 'I can see two charges. I have opened a refund request.', {
    annotations: { actions: ['opened refund request'], slots: { order: '55102' } },
  }),
  turn(
    'customer',
    'My card is 4111 1111 1111 1111 and my email is ana.silva@mail.com. I want my money back, let me talk to a real person.',
    { decision: handoffDecision },
  ),
];
const input: ContextPackageInput = {
  conversation,
  handoff: { id: 'ho_1', reason: handoffDecision.reason!, priority: 6 },
  customer,
  turns,
  builtAt: at,
  history: [
    {
      conversation: {
        ...conversation,
        id: 'conv_0',
        channel: 'voice',
        status: 'closed',
        closedAt: at,
        createdAt: new Date('2026-02-01T09:00:00Z'),
      },
      firstCustomerText: 'Call me back on +44 7700 900123 about my parcel',
      agentName: 'Sam',
      outcome: 'handed_off',
    },
  ],
};

describe('buildContextPackage', () => {
  const pkg = buildContextPackage(input);

  it('carries every field a person can see in the transcript and the CRM', () => {
    expect(pkg.schemaVersion).toBe('1.0');
    expect(pkg.identity).toMatchObject({
      name: 'Ana Silva',
      email: 'ana@example.com',
      company: 'Acme',
      verified: true,
      accountId: 'crm-77',
    });
    expect(pkg.crm).toMatchObject({
      source: 'builtin',
      tier: 'gold',
      leadScore: 80,
      orderNumbers: ['A-1001'],
      openTickets: [{ id: 'T-9', subject: 'Late parcel', status: 'open' }],
    });
    expect(pkg.transcript.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(pkg.intents[0]).toMatchObject({ name: 'billing_dispute', confidence: 0.82 });
    expect(pkg.entities).toEqual(
      expect.arrayContaining([
        { type: 'order_number', value: '55102', turnSeq: 1 },
        { type: 'amount', value: '$49.99', turnSeq: 1 },
        { type: 'CREDIT_CARD', value: '[CARD]', turnSeq: 3 },
      ]),
    );
    expect(pkg.slots).toEqual({ order: '55102' });
    expect(pkg.actions).toEqual([{ action: 'opened refund request', turnSeq: 2 }]);
    expect(pkg.sentiment.map((s) => s.turnSeq)).toEqual([1, 3]);
    expect(pkg.signals.map((s) => s.name)).toEqual(['explicit_request', 'topic:billing_dispute']);
    expect(pkg.reason?.customer).toBe('A person will help you.');
    expect(pkg.history).toEqual([
      expect.objectContaining({ conversationId: 'conv_0', channel: 'voice', agentName: 'Sam', outcome: 'handed_off' }),
    ]);
    expect(pkg.missing).toEqual([]);
  });

  it('redacts the transcript, history and summary; identity stays for the agent unless masked', () => {
    const text = JSON.stringify({ t: pkg.transcript, h: pkg.history, s: pkg.summary, e: pkg.entities });
    for (const pii of ['4111 1111 1111 1111', 'ana.silva@mail.com', '+44 7700 900123']) expect(text).not.toContain(pii);
    expect(pkg.transcript[2]?.text).toContain('[CARD]');
    expect(pkg.redaction.spans).toBeGreaterThanOrEqual(3);
    const masked = buildContextPackage({ ...input, maskIdentity: true });
    expect(masked.identity).toMatchObject({ name: '[NAME]', email: '[EMAIL]', phone: '[PHONE]' });
    const cardsOnly = buildContextPackage({ ...input, redaction: { types: ['CREDIT_CARD'] } });
    expect(cardsOnly.transcript[2]?.text).toContain('ana.silva@mail.com');
    expect(cardsOnly.redaction.types).toEqual(['CREDIT_CARD']);
  });

  it('summarises the issue, what was tried, what they want, with a next step; bridge names customer and issue', () => {
    expect(pkg.summary.source).toBe('extractive');
    expect(pkg.summary.issue).toContain('charged twice');
    expect(pkg.summary.tried).toContain('opened refund request');
    expect(pkg.summary.wants).toMatch(/money back|real person/);
    expect(pkg.summary.nextStep).toMatch(/disputed charge/);
    expect(pkg.bridgeMessage).toBe(
      "Hi Ana, I'm {agent}. I'll help you with the charge you asked about from here; I've read our conversation so far.",
    );
    expect(buildContextPackage({ ...input, agentName: 'Sam' }).bridgeMessage).toContain("I'm Sam.");
  });

  it('degrades instead of failing: a failed CRM or history lookup is listed in missing', () => {
    const degraded = buildContextPackage({ ...input, crm: null, history: null, missing: ['summary.llm'] });
    expect(degraded.crm).toBeNull();
    expect(degraded.history).toEqual([]);
    expect(degraded.missing).toEqual(['summary.llm', 'crm', 'history']);
    expect(degraded.transcript).toHaveLength(3);
  });

  it('works for a conversation with no customer and no turns', () => {
    const empty = buildContextPackage({
      conversation: { ...conversation, customerId: null },
      handoff: null,
      customer: null,
      turns: [],
      builtAt: at,
    });
    expect(empty.identity).toBeNull();
    expect(empty.summary.issue).toBe('Not stated yet.');
    expect(empty.bridgeMessage).toBe(
      "Hi there, I'm {agent}. I'll take it from here; I've read our conversation so far.",
    );
  });
});

describe('summarize', () => {
  it('falls back to the most central sentence without cue words', () => {
    const s = summarize([
      { role: 'customer', text: 'Hello.' },
      { role: 'customer', text: 'The garden furniture order for the garden party should come on Friday.' },
    ]);
    expect(s.issue).toContain('garden furniture');
  });
  it('bridge message without a name or issue', () => {
    expect(bridgeMessage(null, 'Lee', null)).toBe(
      "Hi there, I'm Lee. I'll take it from here; I've read our conversation so far.",
    );
  });
});
