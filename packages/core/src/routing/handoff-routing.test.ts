import { describe, expect, it } from 'vitest';
import {
  applyDueSteps,
  byAgedPriority,
  couldServe,
  effectiveSkills,
  initialHandoffRouting,
  nextRoutingCheck,
  planRoute,
  plainHandoffRouting,
  preferenceHeld,
  routingContext,
  type StepSubject,
} from './handoff-routing.ts';
import type { RoutingRules } from './rules.ts';
import type { Agent, EscalationStep } from './types.ts';

const T0 = new Date('2026-01-05T10:00:00.000Z');
const after = (s: number): Date => new Date(T0.getTime() + s * 1000);

const rules: RoutingRules = {
  defaultQueue: 'support',
  rules: [
    { name: 'enterprise', when: { tier: ['enterprise'] }, queue: 'vip', priority: 6, skills: { enterprise: 5 } },
    { name: 'billing', when: { issueType: ['billing_dispute'] }, queue: 'finance', skills: { billing: 3 } },
    { name: 'angry', when: { sentiment: { lte: -0.5 } }, raisePriorityBy: 2 },
  ],
};

describe('routingContext', () => {
  it('takes intent and topic from the decision, sentiment from its signal, the rest from CRM attributes', () => {
    const context = routingContext({
      decision: {
        routing: { intent: 'refund', topic: 'billing_dispute' },
        signals: [{ name: 'negative_sentiment', score: 0.7, fired: true }],
      },
      attributes: { tier: 'gold', lead_score: '85', companySize: 1200, deal_stage: 'proposal', product: 'router' },
      channel: 'voice',
      language: 'fr',
    });
    expect(context).toEqual({
      intent: 'refund',
      issueType: 'billing_dispute',
      sentiment: -0.7,
      tier: 'gold',
      leadScore: 85,
      companySize: 1200,
      dealStage: 'proposal',
      product: 'router',
      channel: 'voice',
      language: 'fr',
    });
  });

  it('leaves out what is unknown or malformed, so conditions on it do not match', () => {
    const context = routingContext({
      decision: { signals: [] },
      attributes: { leadScore: 'high', tier: '' },
      channel: 'chat',
      language: 'en',
    });
    expect(context).toEqual({ channel: 'chat', language: 'en' });
  });
});

describe('planRoute', () => {
  it("the first rule's queue wins, then the decision's, then the default; priority is the higher base plus raises", () => {
    const plan = planRoute(
      { tier: 'enterprise', issueType: 'billing_dispute', sentiment: -0.8 },
      { priority: 5, routing: { queue: 'regulated' } },
      rules,
    );
    expect(plan).toEqual({
      queueIds: ['vip', 'regulated', 'support'],
      ruleQueueId: 'vip',
      priority: 6 + 2,
      skills: { enterprise: 5, billing: 3 },
      matched: ['enterprise', 'billing', 'angry'],
    });
    // A higher decision priority is kept; raises still count.
    expect(planRoute({ sentiment: -0.9 }, { priority: 8 }, rules)).toMatchObject({
      queueIds: ['support'],
      ruleQueueId: null,
      priority: 10,
      matched: ['angry'],
    });
  });

  it('without rules keeps the decision as it is', () => {
    expect(planRoute({}, { priority: 4, routing: { queue: 'q' } }, undefined)).toEqual({
      queueIds: ['q'],
      ruleQueueId: null,
      priority: 4,
      skills: {},
      matched: [],
    });
  });
});

describe('effectiveSkills', () => {
  it("raises the queue's levels with the rules' and lets escalation overrides widen (0 drops)", () => {
    const routing = {
      ...plainHandoffRouting('q'),
      skills: { billing: 6, enterprise: 5 },
      overrides: { enterprise: 0 },
    };
    expect(effectiveSkills({ requiredSkills: { billing: 3, support: 2 } }, routing)).toEqual({
      billing: 6,
      support: 2,
    });
  });
});

describe('applyDueSteps', () => {
  const steps: EscalationStep[] = [
    { afterSeconds: 60, skills: { enterprise: 0 } },
    { afterSeconds: 120, overflowQueueId: 'overflow', raisePriorityBy: 1 },
    { afterSeconds: 300, raisePriorityBy: 3 },
  ];
  const queues = (id: string) =>
    ({ vip: { id: 'vip', priority: 2 }, overflow: { id: 'overflow', priority: 0 } })[id] ?? null;
  const subject: StepSubject = {
    queueId: 'vip',
    priority: 8,
    createdAt: T0,
    routing: { ...plainHandoffRouting('vip'), skills: { enterprise: 5 } },
  };

  it('does nothing before the first step is due, and returns the same object', () => {
    expect(applyDueSteps(subject, steps, queues, after(59))).toBe(subject);
  });

  it('applies each due step once, in order: widen, then overflow (queue base follows, overrides reset) and raise', () => {
    const one = applyDueSteps(subject, steps, queues, after(60));
    expect(one).toMatchObject({ queueId: 'vip', priority: 8, routing: { step: 1, overrides: { enterprise: 0 } } });
    const two = applyDueSteps(one, steps, queues, after(130));
    expect(two).toMatchObject({ queueId: 'overflow', priority: 8 - 2 + 1, routing: { step: 2, overrides: {} } });
    // Applying again at the same instant changes nothing: each step once.
    expect(applyDueSteps(two, steps, queues, after(130))).toBe(two);
    // Catching up after a long pause applies every step that came due.
    expect(applyDueSteps(subject, steps, queues, after(400))).toMatchObject({
      queueId: 'overflow',
      priority: 8 - 2 + 1 + 3,
      routing: { step: 3 },
    });
  });

  it('skips the move to an unknown queue but applies the rest of the step', () => {
    const out = applyDueSteps(subject, [{ afterSeconds: 0, overflowQueueId: 'nope', raisePriorityBy: 2 }], queues, T0);
    expect(out).toMatchObject({ queueId: 'vip', priority: 10, routing: { step: 1 } });
  });

  it('tells when to look again: the hold end or the next step, whichever is first and still ahead', () => {
    const held = {
      ...subject,
      routing: initialHandoffRouting({ skills: {}, matched: [] }, 'vip', { agentId: 'a1', until: after(30) }),
    };
    expect(preferenceHeld(held.routing, after(29))).toBe(true);
    expect(preferenceHeld(held.routing, after(30))).toBe(false);
    expect(nextRoutingCheck(held, steps, T0)).toEqual(after(30));
    expect(nextRoutingCheck(held, steps, after(30))).toEqual(after(60));
    expect(nextRoutingCheck({ ...held, routing: { ...held.routing, step: 3 } }, steps, after(30))).toBeNull();
  });
});

describe('couldServe', () => {
  const agent: Agent = {
    id: 'a1',
    name: 'A',
    email: 'a@x',
    role: 'agent',
    skills: { billing: 4 },
    languages: ['en'],
    capacity: { chat: 2, voice: 0 },
    presence: 'busy',
    presenceSince: T0,
    lastAssignedAt: null,
  };
  const req = { queue: { languages: ['en'] }, channel: 'chat' as const, language: 'en', skills: { billing: 3 } };
  it('holds for an agent who is busy or wrapping up, not for one who is away, offline or can never take the work', () => {
    expect(couldServe(agent, req)).toBe(true);
    expect(couldServe({ ...agent, presence: 'offline' }, req)).toBe(false);
    expect(couldServe({ ...agent, presence: 'away' }, req)).toBe(false);
    expect(couldServe({ ...agent, presence: 'wrap_up' }, req)).toBe(true);
    expect(couldServe(agent, { ...req, skills: { billing: 5 } })).toBe(false);
    expect(couldServe(agent, { ...req, channel: 'voice' })).toBe(false);
    expect(couldServe(agent, { ...req, language: 'de' })).toBe(false);
  });
});

describe('byAgedPriority', () => {
  it('lets an old low-priority handoff pass a newer higher one once it has waited Δpriority / rate', () => {
    const old = { id: 'old', priority: 2, createdAt: T0 };
    const fresh = { id: 'new', priority: 5, createdAt: after(120) };
    // One point a minute: after 3 minutes of waiting `old` is worth 5 while `new` (waited 1 min) is worth 6.
    expect(byAgedPriority([old, fresh], after(180), 1 / 60).map((h) => h.id)).toEqual(['new', 'old']);
    // With the newer one arriving later, `old` goes first: 2 + 5 = 7 against 5 + 1 = 6.
    const later = { ...fresh, createdAt: after(240) };
    expect(byAgedPriority([later, old], after(300), 1 / 60).map((h) => h.id)).toEqual(['old', 'new']);
    // Without ageing the higher priority always wins.
    expect(byAgedPriority([later, old], after(300), 0).map((h) => h.id)).toEqual(['new', 'old']);
  });
});
