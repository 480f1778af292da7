import type { Channel, TurnAnnotations, TurnRole } from '../conversation/types.ts';
import { evaluate, type EvaluateOptions } from './evaluate.ts';
import type { EscalationPolicy } from './policy.ts';
import { initialEscalationState } from './state.ts';
import type { Decision, DecisionKind } from './types.ts';
import { planRoute, routingContext } from '../routing/handoff-routing.ts';

/** One turn of a policy test; role defaults to `customer`, channel to `chat`. */
export interface PolicyTestTurn {
  role?: TurnRole;
  text: string;
  channel?: Channel;
  annotations?: TurnAnnotations;
}

/** "Given these turns (and customer data), expect this decision" (T12). */
export interface PolicyTestCase {
  name: string;
  customer?: Record<string, unknown>;
  /** The conversation's language, for routing rules on `language`; default `en`. */
  language?: string;
  turns: PolicyTestTurn[];
  expect: {
    kind: DecisionKind;
    /** Exact rule id, or a prefix ending in `*` (`frustration.*`). */
    rule?: string;
    /** Reason code of a handoff. */
    reason?: string;
    /** 1-based turn whose decision is checked; default the last turn. */
    atTurn?: number;
    tone?: 'neutral' | 'empathetic';
    /**
     * Where the policy's `routing:` rules send the handoff (R3): the queue they name (else the decision's, else
     * the default; no queue list is consulted here), the handoff's own priority (without the queue's base),
     * the matched rule names in order, and the skills the rules require.
     */
    route?: { queue?: string; priority?: number; matched?: string[]; skills?: Record<string, number> };
  };
}

/** Outcome of one policy test. */
export interface PolicyTestResult {
  name: string;
  passed: boolean;
  /** What differed, empty when passed. */
  failures: string[];
  decision: Decision;
}

/** Runs one test case through evaluate() from a fresh conversation state. */
export const runPolicyTest = (
  policy: EscalationPolicy,
  test: PolicyTestCase,
  options: EvaluateOptions = {},
): PolicyTestResult => {
  let state = initialEscalationState();
  const at = test.expect.atTurn ?? test.turns.length;
  let checked: Decision | undefined;
  test.turns.slice(0, at).forEach((t, i) => {
    const result = evaluate(
      {
        role: t.role ?? 'customer',
        text: t.text,
        channel: t.channel ?? 'chat',
        annotations: t.annotations ?? {},
        ...(test.customer ? { customer: test.customer } : {}),
      },
      state,
      policy,
      options,
    );
    state = result.state;
    if (i === at - 1) checked = result.decision;
  });
  const decision: Decision = checked ?? {
    kind: 'continue',
    signals: [],
    rule: null,
    policyVersion: policy.version,
    priority: 0,
    reason: null,
  };
  const failures: string[] = [];
  const e = test.expect;
  if (decision.kind !== e.kind)
    failures.push(`kind: expected ${e.kind}, got ${decision.kind} (rule ${decision.rule ?? 'none'})`);
  if (e.rule !== undefined) {
    const ok = e.rule.endsWith('*') ? (decision.rule ?? '').startsWith(e.rule.slice(0, -1)) : decision.rule === e.rule;
    if (!ok) failures.push(`rule: expected ${e.rule}, got ${decision.rule ?? 'none'}`);
  }
  if (e.reason !== undefined && decision.reason?.code !== e.reason)
    failures.push(`reason: expected ${e.reason}, got ${decision.reason?.code ?? 'none'}`);
  if (e.tone !== undefined && (decision.tone ?? 'neutral') !== e.tone)
    failures.push(`tone: expected ${e.tone}, got ${decision.tone ?? 'neutral'}`);
  if (e.route !== undefined) failures.push(...routeFailures(policy, test, decision, at, e.route));
  return { name: test.name, passed: failures.length === 0, failures, decision };
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Compares the route the policy's routing rules give the checked decision with the expected one. */
const routeFailures = (
  policy: EscalationPolicy,
  test: PolicyTestCase,
  decision: Decision,
  at: number,
  want: NonNullable<PolicyTestCase['expect']['route']>,
): string[] => {
  const context = routingContext({
    decision,
    attributes: test.customer ?? {},
    channel: test.turns[at - 1]?.channel ?? 'chat',
    language: test.language ?? 'en',
  });
  const got = planRoute(context, decision, policy.routing);
  const queue = got.queueIds[0] ?? null;
  const failures: string[] = [];
  if (want.queue !== undefined && queue !== want.queue)
    failures.push(`route.queue: expected ${want.queue}, got ${queue ?? 'none'}`);
  if (want.priority !== undefined && got.priority !== want.priority)
    failures.push(`route.priority: expected ${want.priority}, got ${got.priority}`);
  if (want.matched !== undefined && !same(got.matched, want.matched))
    failures.push(`route.matched: expected [${want.matched.join(', ')}], got [${got.matched.join(', ')}]`);
  if (want.skills !== undefined && !same(sorted(got.skills), sorted(want.skills)))
    failures.push(`route.skills: expected ${JSON.stringify(want.skills)}, got ${JSON.stringify(got.skills)}`);
  return failures;
};

const sorted = (skills: Record<string, number>): [string, number][] =>
  Object.entries(skills).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
