import { describe, expect, it } from 'vitest';
import { routingRulesSchema } from '../../../contracts/src/routing-rules.ts';
import { resolveRoute, type RoutingContext, type RoutingRules } from './rules.ts';

const rules: RoutingRules = {
  defaultQueue: 'support',
  defaultPriority: 1,
  rules: [
    {
      name: 'enterprise-lead',
      when: { companySize: { gte: 1000 }, dealStage: ['proposal', 'negotiation'] },
      queue: 'senior-ae',
      priority: 8,
      skills: { sales: 7 },
    },
    { name: 'hot-lead', when: { leadScore: { gte: 80 } }, queue: 'sales', priority: 6 },
    { name: 'technical', when: { issueType: ['technical', 'bug'] }, queue: 'engineering', skills: { api: 4 } },
    { name: 'billing', when: { intent: ['billing_dispute', 'refund'] }, queue: 'finance', skills: { billing: 3 } },
    { name: 'angry', when: { sentiment: { lte: -0.5 } }, raisePriorityBy: 2 },
    { name: 'gold', when: { tier: ['gold', 'platinum'] }, raisePriorityBy: 1 },
    { name: 'french', when: { language: ['fr'] }, skills: { french: 1 } },
    { name: 'spam', when: { intent: ['spam'] }, queue: 'trash', stop: true },
    { name: 'never-after-spam', when: { intent: ['spam'] }, raisePriorityBy: 50 },
  ],
};

describe('resolveRoute', () => {
  it.each<[string, RoutingContext, ReturnType<typeof resolveRoute>]>([
    ['nothing known → default', {}, { queueId: 'support', priority: 1, skills: {}, matched: [] }],
    [
      'enterprise lead → senior AE, first queue wins over hot-lead',
      { companySize: 5000, dealStage: 'Negotiation', leadScore: 90 },
      { queueId: 'senior-ae', priority: 8, skills: { sales: 7 }, matched: ['enterprise-lead', 'hot-lead'] },
    ],
    [
      'technical → engineering',
      { issueType: 'bug' },
      { queueId: 'engineering', priority: 1, skills: { api: 4 }, matched: ['technical'] },
    ],
    [
      'angry gold billing customer in French → finance, raised twice',
      { intent: 'refund', sentiment: -0.8, tier: 'gold', language: 'fr' },
      {
        queueId: 'finance',
        priority: 4,
        skills: { billing: 3, french: 1 },
        matched: ['billing', 'angry', 'gold', 'french'],
      },
    ],
    [
      'small company in proposal is not enterprise',
      { companySize: 50, dealStage: 'proposal' },
      { queueId: 'support', priority: 1, skills: {}, matched: [] },
    ],
    [
      'a stop rule ends evaluation',
      { intent: 'spam' },
      { queueId: 'trash', priority: 1, skills: {}, matched: ['spam'] },
    ],
    [
      'missing sentiment never matches a range',
      { tier: 'bronze' },
      { queueId: 'support', priority: 1, skills: {}, matched: [] },
    ],
  ])('%s', (_name, context, expected) => {
    expect(resolveRoute(context, rules)).toEqual(expected);
  });

  it('the policy-file schema accepts the same rules and rejects typos and duplicates', () => {
    const parsed: RoutingRules = routingRulesSchema.parse(rules);
    expect(resolveRoute({ issueType: 'technical' }, parsed).queueId).toBe('engineering');
    expect(
      routingRulesSchema.safeParse({ defaultQueue: 'q', rules: [{ name: 'x', when: { tierr: ['gold'] } }] }).success,
    ).toBe(false);
    expect(
      routingRulesSchema.safeParse({
        defaultQueue: 'q',
        rules: [
          { name: 'x', when: {} },
          { name: 'x', when: {} },
        ],
      }).success,
    ).toBe(false);
    expect(
      routingRulesSchema.safeParse({
        defaultQueue: 'q',
        rules: [{ name: 'x', when: { leadScore: { gte: 9, lte: 1 } } }],
      }).success,
    ).toBe(false);
  });
});
