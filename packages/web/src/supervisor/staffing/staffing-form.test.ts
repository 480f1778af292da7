import { staffingLimits, staffingSimulateBodySchema, type FloorSnapshot } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import type { AnalyticsSummaryView } from '../analytics/analytics-request.ts';
import { prefillStaffing, readStaffingForm, STAFFING_BOUNDS, type StaffingForm } from './staffing-form.ts';

const agent = (
  id: string,
  presence: 'available' | 'offline',
  chat: number,
  role: 'agent' | 'supervisor' = 'agent',
) => ({
  id,
  name: id,
  role,
  presence,
  presenceSince: '2026-01-01T00:00:00Z',
  load: {},
  capacity: { chat, voice: 1 },
});
const floor: FloorSnapshot = {
  at: '2026-01-01T00:00:00Z',
  queues: [
    { id: 'q_support', name: 'Support', waiting: 0, assigned: 0, oldestWaitingSince: null, slaSeconds: 60 },
    { id: 'q_billing', name: 'Billing', waiting: 0, assigned: 0, oldestWaitingSince: null, slaSeconds: 30 },
  ],
  agents: [
    agent('a', 'available', 3),
    agent('b', 'available', 3),
    agent('c', 'available', 2),
    agent('d', 'offline', 5),
    agent('sam', 'available', 9, 'supervisor'),
  ],
  conversations: [],
};
const dist = (count: number, mean: number | null) => ({
  count,
  mean,
  p50: null,
  p90: null,
  p95: null,
  p99: null,
  max: null,
  buckets: [],
});
const analytics = {
  from: '',
  to: '',
  totals: { conversations: 400, handoffs: 240, conversationsHandedOff: 240, containment: 0.4 },
  funnel: { all: { triggered: 240, connected: 200, resolved: 180, abandoned: 40 }, byReason: [] },
  dropOff: { abandoned: 40, beforeOffer: 40, afterOffer: 0, rate: 40 / 240, abandonedAfter: dist(40, 50) },
  speedOfAnswer: dist(200, 20),
  sla: [],
  handleTime: { all: dist(200, 310.4) },
} satisfies AnalyticsSummaryView;

const valid: StaffingForm = {
  agents: '9',
  arrivalsPerHour: '120',
  ahtSeconds: '240',
  patienceSeconds: '',
  slaSeconds: '20',
  slaTargetPercent: '80',
  capacity: '1',
  hours: '',
};

describe('staffing form', () => {
  it('uses the contract’s bounds', () => {
    for (const [key, value] of Object.entries(STAFFING_BOUNDS)) {
      expect([key, value]).toEqual([key, staffingLimits[key as keyof typeof staffingLimits]]);
    }
  });

  it('prefills from the floor (agents signed in, their chat capacity, the queue’s SLA) and the last day', () => {
    const { form, sources } = prefillStaffing(floor, analytics, 'q_billing', 24);
    expect(form.agents).toBe('3'); // a, b, c: agents signed in; the offline one and the supervisor do not count
    expect(form.capacity).toBe('3');
    expect(form.slaSeconds).toBe('30');
    expect(form.arrivalsPerHour).toBe('10'); // 240 handoffs in 24 h
    expect(form.ahtSeconds).toBe('310');
    // (40 × 50 s + 200 × 20 s) waited ÷ 40 who left = 150 s of mean patience.
    expect(form.patienceSeconds).toBe('150');
    expect(sources.arrivalsPerHour).toContain('240 handoffs');
  });

  it('keeps defaults, and says nothing about their source, without evidence', () => {
    const { form, sources } = prefillStaffing(null, null, null);
    expect(form.agents).toBe('5');
    expect(sources).toEqual({});
    const quiet = prefillStaffing({ ...floor, agents: [agent('d', 'offline', 2)] }, null, null);
    expect(quiet.form.agents).toBe('1');
    expect(quiet.sources.agents).toBe('all agents (none is signed in now)');
    expect(quiet.form.slaSeconds).toBe('60'); // the first queue
  });

  it('counts only the agents who can take the queue when routing settings say who can', () => {
    const { form, sources } = prefillStaffing(floor, null, 'q_billing', 24, new Set(['a', 'd']));
    expect(form.agents).toBe('1'); // a is signed in; d could take it but is offline
    expect(sources.agents).toBe('agents who can take Billing, signed in now');
  });

  it('builds a body the server accepts, and refuses what it would refuse, field by field', () => {
    const ok = readStaffingForm(valid);
    expect(ok.errors).toBeNull();
    expect(staffingSimulateBodySchema.safeParse(ok.body).success).toBe(true);
    expect(ok.body).toMatchObject({ agents: 9, patienceSeconds: null, slaTarget: 0.8 });
    const cases: [Partial<StaffingForm>, string][] = [
      [{ agents: '0' }, 'agents'],
      [{ agents: '2.5' }, 'agents'],
      [{ agents: '1001' }, 'agents'],
      [{ arrivalsPerHour: '0' }, 'arrivalsPerHour'],
      [{ ahtSeconds: 'long' }, 'ahtSeconds'],
      [{ patienceSeconds: '0' }, 'patienceSeconds'],
      [{ slaTargetPercent: '100' }, 'slaTargetPercent'],
      [{ hours: '30' }, 'hours'],
      [{ arrivalsPerHour: '2000', hours: '8' }, 'hours'],
    ];
    for (const [patch, key] of cases) {
      const r = readStaffingForm({ ...valid, ...patch });
      expect([patch, Object.keys(r.errors ?? {})]).toEqual([patch, [key]]);
      // The server refuses the same value.
      const raw = { ...ok.body, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, Number(v)])) };
      if (key !== 'slaTargetPercent') expect(staffingSimulateBodySchema.safeParse(raw).success).toBe(false);
    }
  });
});
