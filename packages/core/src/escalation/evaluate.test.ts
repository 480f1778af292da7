import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { defaultEscalationPolicy, type EscalationPolicy } from './policy.ts';
import { runPolicyTest, type PolicyTestCase } from './policy-test.ts';
import { initialEscalationState } from './state.ts';
import type { Decision, EscalationState, TurnInput } from './types.ts';

const customer = (text: string, extra: Partial<TurnInput> = {}): TurnInput => ({
  role: 'customer',
  text,
  channel: 'chat',
  annotations: {},
  ...extra,
});
const assistant = (text: string, fallback = false): TurnInput => ({
  role: 'assistant',
  text,
  channel: 'chat',
  annotations: { fallback },
});

const run = (
  turns: TurnInput[],
  policy: EscalationPolicy = defaultEscalationPolicy,
): { decisions: Decision[]; state: EscalationState } => {
  let state = initialEscalationState();
  const decisions: Decision[] = [];
  for (const t of turns) {
    const r = evaluate(t, state, policy);
    decisions.push(r.decision);
    state = r.state;
  }
  return { decisions, state };
};
const last = (turns: TurnInput[], policy?: EscalationPolicy): Decision => run(turns, policy).decisions.at(-1)!;
const pushBackPolicy: EscalationPolicy = {
  ...defaultEscalationPolicy,
  explicitRequest: { ...defaultEscalationPolicy.explicitRequest, riskTolerance: 'push_back' },
};

describe('evaluate: triggers', () => {
  it.each([
    ['T1 explicit request', [customer('can I talk to a real person please')], 'handoff', 'explicit_request'],
    ['T1 typo', [customer('let me speak to an agnet')], 'handoff', 'explicit_request'],
    [
      'T2 explicit frustration',
      [customer("this doesn't make sense, I'm frustrated")],
      'handoff',
      'frustration.explicit',
    ],
    ['T2 profanity', [customer('where is my damn parcel')], 'handoff', 'frustration.profanity'],
    [
      'T2 raised voice',
      [customer('where is my order', { channel: 'voice', annotations: { prosody: { loudnessDb: 12 } } })],
      'handoff',
      'frustration.raised_voice',
    ],
    [
      'T2 repeated question',
      [
        customer('how do I change my delivery address'),
        assistant('You can do it in settings.'),
        customer('how can I change the delivery address?'),
      ],
      'handoff',
      'frustration.repetition',
    ],
    [
      'T2 fallbacks',
      [
        customer('hi'),
        assistant('Sorry?', true),
        customer('the thing'),
        assistant('Sorry?', true),
        customer('it is about the thing'),
      ],
      'handoff',
      'frustration.fallbacks',
    ],
    [
      'T3 low ASR',
      [
        customer('mumble', { channel: 'voice', annotations: { prosody: { asrConfidence: 0.2 } } }),
        customer('mumble mumble', { channel: 'voice', annotations: { prosody: { asrConfidence: 0.3 } } }),
      ],
      'handoff',
      'low_understanding.asr',
    ],
    [
      'T4 sensitive',
      [customer('my husband passed away last month and the account is in his name')],
      'offer_human',
      'sensitive.bereavement',
    ],
    ['T4 self-harm hands off', [customer('honestly I want to end my life')], 'handoff', 'sensitive.self_harm'],
    [
      'T5 regulated',
      [customer('there is a transaction I did not make, I think it is fraud')],
      'handoff',
      'regulated.fraud',
    ],
    ['T5 legal', [customer('I will contact my lawyer about this')], 'handoff', 'regulated.legal'],
    [
      'T6 VIP',
      [customer('hello, question about my plan', { customer: { tier: 'platinum' } })],
      'handoff',
      'customer_value.vip_tier',
    ],
  ] as const)('%s', (_name, turns, kind, rule) => {
    const d = last([...turns]);
    expect(d.kind).toBe(kind);
    expect(d.rule).toBe(rule);
  });

  it('T6 revenue intent collects slots first when calm, then hands off (T9)', () => {
    const { decisions } = run([
      customer('I want to cancel my subscription'),
      customer('my account is 123', { annotations: { slots: { account_id: '123', cancellation_reason: 'price' } } }),
    ]);
    expect(decisions[0]?.kind).toBe('collect_details');
    expect(decisions[0]?.slotsToCollect).toEqual(['account_id', 'cancellation_reason']);
    expect(decisions[1]?.kind).toBe('handoff');
    expect(decisions[1]?.rule).toBe('revenue.cancellation');
  });

  it('T7 complex topics and several intents hand off', () => {
    expect(last([customer('the app keeps crashing after the update')]).rule).toBe('complexity.technical_issue');
    const multi: EscalationPolicy = {
      ...defaultEscalationPolicy,
      complexity: { ...defaultEscalationPolicy.complexity!, intents: [], multiIntent: 2 },
    };
    expect(last([customer('I was charged twice and the app keeps crashing')], multi).rule).toBe(
      'complexity.multi_intent',
    );
  });

  it('T7 too many turns without progress hands off', () => {
    const turns = [
      'hi',
      'my order',
      'is it shipped yet',
      'when does it arrive',
      'which courier',
      'tracking code?',
      'hmm',
      'still there?',
    ].map((t) => customer(t));
    expect(run(turns).decisions.map((d) => d.rule)).toContain('complexity.no_progress');
  });

  it('T9 skips slot collection when the customer is frustrated', () => {
    const d = last([
      customer('this is ridiculous'),
      assistant('Sorry about that.'),
      customer('I want to cancel my subscription'),
    ]);
    expect(d.kind).toBe('handoff');
  });

  it('T10 clarifies up to N times then hands off', () => {
    const low = (t: string): TurnInput =>
      customer(t, { annotations: { intent: { name: 'unknown', confidence: 0.1 } } });
    const { decisions } = run([low('the thing'), low('the other thing'), low('that thing again')]);
    expect(decisions.map((d) => d.kind)).toEqual(['clarify', 'clarify', 'handoff']);
    expect(decisions[2]?.rule).toBe('low_understanding.intent');
  });

  it('T10 keeps the open answer to a clarifying question', () => {
    const { decisions } = run([
      customer('x', { annotations: { intent: { name: 'u', confidence: 0.1 } } }),
      customer('it is about my refund', { annotations: { intent: { name: 'refund', confidence: 0.9 } } }),
    ]);
    expect(decisions[1]?.clarificationAnswer).toBe('it is about my refund');
  });

  it('T11 every decision carries signals, rule, version, priority and two reasons', () => {
    const d = last([customer('I want to speak to a human')]);
    expect(d.policyVersion).toBe(defaultEscalationPolicy.version);
    expect(d.priority).toBeGreaterThan(0);
    expect(d.reason?.agent).toContain('person');
    expect(d.reason?.customer).not.toContain('signal');
    expect(d.signals.find((s) => s.name === 'explicit_request')?.fired).toBe(true);
  });
});

describe('evaluate: negation and push-back', () => {
  it.each([
    "I don't need an agent",
    'no, I do not want to talk to a person',
    "I'm not frustrated, just asking",
    'no need for a human, thanks',
  ])('"%s" does not hand off', (text) => {
    expect(last([customer(text)]).kind).toBe('continue');
  });

  it('pushes back once, then hands off on the second request (T8)', () => {
    const { decisions } = run(
      [customer('I want an agent'), assistant('I can help here...'), customer('agent please')],
      pushBackPolicy,
    );
    expect(decisions[0]?.kind).toBe('offer_human');
    expect(decisions[2]?.kind).toBe('handoff');
  });

  it('never pushes back on a frustrated customer', () => {
    expect(last([customer('this is useless'), customer('get me a human')], pushBackPolicy).kind).toBe('handoff');
    expect(last([customer('this is so stupid, get me a human now')], pushBackPolicy).kind).toBe('handoff');
  });

  it('never pushes back when the topic is sensitive', () => {
    const { decisions } = run(
      [customer('my mother died last week'), customer('can I talk to a person')],
      pushBackPolicy,
    );
    expect(decisions[1]?.kind).toBe('handoff');
    expect(decisions[1]?.tone).toBe('empathetic');
  });

  it('property: at most one push-back in any conversation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('agent', 'I want a person', 'hello', 'where is my order', 'sigh'), { maxLength: 12 }),
        (texts) => {
          const { decisions } = run(
            texts.map((t) => customer(t)),
            pushBackPolicy,
          );
          expect(decisions.filter((d) => d.rule === 'explicit_request.push_back').length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('property: state stays JSON-serialisable and bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400 }), { maxLength: 40 }), (texts) => {
        const { state } = run(texts.map((t) => customer(t)));
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
        expect(JSON.stringify(state).length).toBeLessThan(4000);
      }),
    );
  });
});

describe('runPolicyTest', () => {
  it('reports a mismatch', () => {
    const test: PolicyTestCase = { name: 'x', turns: [{ text: 'hello' }], expect: { kind: 'handoff' } };
    const r = runPolicyTest(defaultEscalationPolicy, test);
    expect(r.passed).toBe(false);
    expect(r.failures[0]).toContain('expected handoff');
  });
});
