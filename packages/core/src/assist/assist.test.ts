import { describe, expect, it } from 'vitest';
import { buildContextPackage } from '../context/build.ts';
import type { Conversation, Customer } from '../conversation/types.ts';
import { initialEscalationState } from '../escalation/state.ts';
import type { StoredTurn } from '../ports.ts';
import { buildAssist } from './assist.ts';
import { guidanceFor } from './guidance.ts';
import { parseMarkdownArticle, type KnowledgeArticle } from './knowledge.ts';
import { KnowledgeIndex } from './knowledge-index.ts';
import { nextBestActions } from './next-best-action.ts';

const article = (id: string, title: string, body: string, tags: string[] = []): KnowledgeArticle => ({
  id,
  title,
  body,
  tags,
  source: 'demo',
  location: null,
});
const kb = [
  article(
    'refund',
    'Refund timing',
    'Refunds go back to your original payment method within 5 business days of our warehouse receiving the return.',
    ['refund', 'money', 'back'],
  ),
  article(
    'password',
    'Resetting your password',
    'Use "Forgot password" on the sign-in page; we email a reset link valid for 1 hour.',
    ['password', 'login'],
  ),
  article(
    'warranty',
    'Warranty',
    'All Northwind gear has a 2-year warranty against manufacturing defects. Send us a photo of the problem and your order number.',
    ['broken', 'defective'],
  ),
  article('shipping', 'Shipping times and costs', 'Standard shipping takes 3–5 business days and is free over $50.', [
    'delivery',
    'shipping',
  ]),
];
const index = new KnowledgeIndex(kb);

describe('KnowledgeIndex', () => {
  it.each([
    ['When will I get my refund?', 'refund'],
    ['when do i get my refnud', 'refund'], // transposition
    ['I forgot my pasword', 'password'], // missing letter
    ['my tent is brokn after a week', 'warranty'],
    ['how long does shiping take', 'shipping'],
  ])('finds the right article for %j (typo tolerant)', (text, id) => {
    expect(index.find(text)[0]?.id).toBe(id);
  });

  it('returns nothing for unrelated or empty text, and a snippet around the match', () => {
    expect(index.find('')).toEqual([]);
    expect(index.find('zebra quantum')).toEqual([]);
    const [hit] = index.find('warranty photo');
    expect(hit?.snippet).toContain('2-year warranty');
    expect(hit?.matched).toContain('warranty');
  });

  it('reads a markdown article with front matter; a business article can replace a demo one by id', () => {
    const a = parseMarkdownArticle(
      'kb/returns-policy.md',
      '---\ntitle: "Returns policy"\ntags: [return, label]\n---\n# Ignored heading\n\nPrint the **label** from [your account](https://x.test).\n',
    );
    expect(a).toMatchObject({
      id: 'kb:returns-policy',
      title: 'Returns policy',
      tags: ['return', 'label'],
      source: 'kb',
      location: 'kb/returns-policy.md',
    });
    expect(a.body).toContain('Print the label from your account.');
    const b = parseMarkdownArticle('gift-cards.md', '# Gift cards\n\nGift cards never expire.');
    expect(b).toMatchObject({ id: 'kb:gift-cards', title: 'Gift cards', body: 'Gift cards never expire.' });
    const own = new KnowledgeIndex([
      ...kb,
      { ...article('refund', 'Refunds (our policy)', 'We refund within 2 days.'), source: 'kb' },
    ]);
    expect(own.size).toBe(4);
    expect(own.find('refund')[0]).toMatchObject({ title: 'Refunds (our policy)', source: 'kb' });
  });
});

describe('guidance and next best action', () => {
  it.each([
    ['Someone used my card, this is fraud', 'fraud'],
    ['I will take you to court and talk to my lawyer', 'legal'],
    ['I want to make a formal complaint', 'formal_complaint'],
    ['I need to file a claim for my insurance claim', 'insurance_claim'],
    ['Can I take this with my medication?', 'medical'],
    ['My husband passed away last month', 'bereavement'],
  ])('gives must-say / must-not-promise for %j', (text, topic) => {
    const [g] = guidanceFor([text]);
    expect(g?.topic).toBe(topic);
    expect(g?.mustSay.length).toBeGreaterThan(0);
    expect(g?.mustNotPromise.length).toBeGreaterThan(0);
  });

  it('ignores negated mentions and orders safety first', () => {
    expect(guidanceFor(["it's not fraud, I just want a refund"])).toEqual([]);
    expect(guidanceFor(['my lawyer says', 'I want to end my life']).map((g) => g.topic)).toEqual([
      'self_harm',
      'legal',
    ]);
  });

  it('offers the premium retention discount to a gold customer who cancels, the standard one otherwise', () => {
    const facts = {
      topics: new Set(['cancellation']),
      tier: 'Gold',
      sentiment: -0.7,
      accountValue: 4200,
      openTickets: 1,
    };
    expect(nextBestActions(facts).map((a) => a.code)).toEqual([
      'retention_offer_premium',
      'goodwill_gesture',
      'link_open_ticket',
    ]);
    expect(nextBestActions({ ...facts, tier: 'standard', sentiment: 0.1, openTickets: 0 }).map((a) => a.code)).toEqual([
      'retention_offer',
    ]);
    expect(
      nextBestActions({ topics: new Set(), tier: null, sentiment: null, accountValue: null, openTickets: 0 }),
    ).toEqual([]);
  });
});

describe('buildAssist', () => {
  const at = new Date('2026-11-21T10:00:00Z');
  const conversation: Conversation = {
    id: 'conv_9',
    customerId: 'cus_9',
    channel: 'chat',
    language: 'en',
    status: 'agent',
    assignedAgentId: 'agt_alice',
    createdAt: at,
    updatedAt: at,
    closedAt: null,
  };
  const customer: Customer = {
    id: 'cus_9',
    externalId: null,
    name: 'Ana Lopez',
    email: 'ana@example.com',
    phone: null,
    attributes: { tier: 'gold', accountValue: 4200 },
    createdAt: at,
  };
  let seq = 0;
  const turn = (role: StoredTurn['role'], text: string): StoredTurn => ({
    id: `t${++seq}`,
    conversationId: conversation.id,
    seq,
    role,
    authorId: role === 'agent' ? 'agt_alice' : null,
    text,
    annotations: {},
    createdAt: new Date(at.getTime() + seq * 1000),
    decision: null,
    escalationState: initialEscalationState(),
    idempotencyKey: null,
  });

  it('answers the latest message with articles, a retention offer, guidance and replies, with no PII', () => {
    const pkg = buildContextPackage({
      conversation,
      handoff: { id: 'hof_9', reason: { code: 'explicit_request', agent: 'asked', customer: 'ok' }, priority: 3 },
      customer,
      turns: [
        turn('customer', 'My card 4111 1111 1111 1111 was charged and I never got the refnud.'),
        turn('assistant', 'Refunds take 5 business days.'),
        turn(
          'customer',
          'This is ridiculous, I want to cancel my subscription and make a formal complaint. Email me at ana.l@example.org',
        ),
      ],
      builtAt: at,
    });
    const assist = buildAssist(pkg, index, { agentName: 'Alice' });
    expect(assist.basedOn?.turnSeq).toBe(3);
    expect(assist.basedOn?.text).toContain('[EMAIL]');
    expect(assist.topics).toEqual(expect.arrayContaining(['cancellation', 'formal_complaint']));
    expect(assist.nextBestActions[0]?.code).toBe('retention_offer_premium');
    expect(assist.guidance.map((g) => g.topic)).toEqual(['formal_complaint']);
    expect(assist.replies.map((r) => r.kind)).toEqual(['bridge', 'guidance', 'offer']);
    expect(assist.articles).toEqual([]); // "[EMAIL]" is not a search word
    expect(assist.replies[0]?.text).toContain("I'm Alice");
    const json = JSON.stringify(assist);
    for (const pii of ['4111 1111', 'ana.l@example.org']) expect(json).not.toContain(pii);
  });

  it('finds the article for a typo in the latest message, and borrows the previous one when it is too short', () => {
    const pkg = buildContextPackage({
      conversation,
      handoff: null,
      customer: null,
      turns: [
        turn('customer', 'How do I reset my pasword for the shop?'),
        turn('agent', 'Let me check.'),
        turn('customer', 'thanks!'),
      ],
      builtAt: at,
    });
    const assist = buildAssist(pkg, index);
    expect(assist.articles[0]?.id).toBe('password');
    expect(assist.replies.map((r) => r.kind)).toEqual(['acknowledge', 'article']);
    expect(assist.guidance).toEqual([]);
  });

  it('is empty but valid before the customer has written', () => {
    const pkg = buildContextPackage({ conversation, handoff: null, customer: null, turns: [], builtAt: at });
    expect(buildAssist(pkg, index)).toMatchObject({ basedOn: null, articles: [], guidance: [], nextBestActions: [] });
  });
});
