import { describe, expect, it } from 'vitest';
import { erlangCServiceLevel } from '../wait-time/erlang-c.ts';
import { erlangCAgentsFor, fewestMeetingTarget, simulateStaffing, staffingLevels } from './staffing.ts';

const input = {
  arrivalsPerHour: 120,
  ahtSeconds: 240,
  patienceSeconds: 90,
  slaSeconds: 20,
  slaTarget: 0.8,
  capacity: 1,
  hours: 8,
  seed: 3,
};

describe('staffingLevels', () => {
  it('spans N−2 … N+3 and never goes below one agent', () => {
    expect(staffingLevels(10)).toEqual([8, 9, 10, 11, 12, 13]);
    expect(staffingLevels(2)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(staffingLevels(1)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('simulateStaffing', () => {
  it('serves better with more agents: service level up, speed of answer, abandonment and occupancy down', () => {
    const rows = staffingLevels(9).map((n) => simulateStaffing(input, n));
    // Every level sees the same customers (sameCustomers): the same arrivals are measured in each row.
    expect(new Set(rows.map((r) => r.simulated.offered)).size).toBe(1);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      if (a === undefined || b === undefined) throw new Error('missing row');
      expect(b.simulated.serviceLevel).toBeGreaterThanOrEqual(a.simulated.serviceLevel);
      expect(b.simulated.asaSeconds).toBeLessThanOrEqual(a.simulated.asaSeconds);
      expect(b.simulated.occupancy).toBeLessThan(a.simulated.occupancy);
      // Erlang C is 0 for both while the load reaches the slots (7 and 8 agents at 8 erlangs).
      expect(b.erlangC.serviceLevel).toBeGreaterThanOrEqual(a.erlangC.serviceLevel);
    }
    expect(rows[5]?.erlangC.serviceLevel).toBeGreaterThan(rows[3]?.erlangC.serviceLevel ?? 1);
    // 8 erlangs on 7 agents cannot keep up: customers leave; on 12 almost nobody does.
    expect(rows[0]?.simulated.abandonRate).toBeGreaterThan(0.1);
    expect(rows[5]?.simulated.abandonRate).toBeLessThan(0.02);
  });

  it('is reproducible for a seed and reports Erlang C as unbounded when the load reaches the slots', () => {
    expect(simulateStaffing(input, 9)).toEqual(simulateStaffing(input, 9));
    const over = simulateStaffing(input, 8); // exactly 8 erlangs on 8 agents
    expect(over.erlangC.asaSeconds).toBeNull();
    expect(over.erlangC.serviceLevel).toBe(0);
  });

  it('counts capacity as slots: 5 agents × 2 conversations serve like 10 agents in Erlang C', () => {
    const two = simulateStaffing({ ...input, capacity: 2 }, 5);
    const ten = simulateStaffing(input, 10);
    expect(two.erlangC.serviceLevel).toBeCloseTo(ten.erlangC.serviceLevel, 10);
  });

  it('counts customers still waiting at the end as missed: an overwhelmed queue is not 100 % in time', () => {
    const flooded = simulateStaffing({ ...input, arrivalsPerHour: 600, ahtSeconds: 300, patienceSeconds: null }, 1);
    expect(flooded.simulated.waitingAtEnd).toBeGreaterThan(flooded.simulated.offered * 0.9);
    expect(flooded.simulated.serviceLevel).toBeLessThan(0.05);
    expect(flooded.meetsTarget).toBe(false);
  });
});

describe('erlangCAgentsFor', () => {
  it('returns the fewest agents whose Erlang C service level meets the target', () => {
    const n = erlangCAgentsFor(input, 100);
    expect(n).not.toBeNull();
    const level = (agents: number) =>
      erlangCServiceLevel({ arrivalsPerSecond: 120 / 3600, ahtSeconds: 240, agents }, input.slaSeconds);
    expect(level(n ?? 0)).toBeGreaterThanOrEqual(0.8);
    expect(level((n ?? 0) - 1)).toBeLessThan(0.8);
  });

  it('rounds slots up to whole agents and gives up past the limit', () => {
    const slots = erlangCAgentsFor(input, 100) ?? 0;
    expect(erlangCAgentsFor({ ...input, capacity: 3 }, 100)).toBe(Math.ceil(slots / 3));
    expect(erlangCAgentsFor(input, 8)).toBeNull();
  });
});

describe('fewestMeetingTarget', () => {
  it('picks the smallest staffing level that meets the target, or null', () => {
    const rows = staffingLevels(9).map((n) => simulateStaffing(input, n));
    const best = fewestMeetingTarget(rows);
    expect(best).not.toBeNull();
    const row = rows.find((r) => r.agents === best);
    expect(row?.simulated.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(rows.filter((r) => r.agents < (best ?? 0)).every((r) => !r.meetsTarget)).toBe(true);
    expect(fewestMeetingTarget(rows.slice(0, 1))).toBeNull();
  });
});
