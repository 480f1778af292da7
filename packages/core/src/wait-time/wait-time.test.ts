import { describe, expect, it } from 'vitest';
import { erlangC, erlangCFigures, erlangCServiceLevel } from './erlang-c.ts';
import { estimateQueueWait, estimateWait } from './estimate.ts';
import { WaitHistory } from './wait-history.ts';

describe('Erlang C', () => {
  it.each([
    // Known values: 10 agents, 8 erlangs → P(wait) ≈ 0.409; 2 agents, 1 erlang → 1/3.
    [10, 8, 0.4092],
    [2, 1, 1 / 3],
    [1, 0.5, 0.5],
  ])('%i agents at %f erlangs wait with probability %f', (s, a, p) => {
    expect(erlangC(s, a)).toBeCloseTo(p, 3);
  });

  it('is 1 at or past saturation and the wait is infinite', () => {
    expect(erlangC(5, 5)).toBe(1);
    expect(erlangCFigures({ arrivalsPerSecond: 1, ahtSeconds: 10, agents: 5 }).asaSeconds).toBe(Infinity);
  });

  it('gives ASA and service level consistent with each other', () => {
    const input = { arrivalsPerSecond: 8 / 180, ahtSeconds: 180, agents: 10 };
    const f = erlangCFigures(input);
    expect(f.asaSeconds).toBeCloseTo((0.4092 * 180) / 2, 0);
    expect(erlangCServiceLevel(input, 0)).toBeCloseTo(1 - f.pWait, 6);
    expect(erlangCServiceLevel(input, 20)).toBeGreaterThan(erlangCServiceLevel(input, 0));
  });
});

describe('estimateWait (queue length with abandonment)', () => {
  const base = { slots: 10, freeSlots: 0, meanHandleSeconds: 300, abandonPerSecond: 0 };
  it('is zero when a slot is free for the customer', () => {
    expect(estimateWait({ ...base, ahead: 2, freeSlots: 3 })).toBe(0);
  });
  it('is (k+1)/(sμ) without abandonment', () => {
    expect(estimateWait({ ...base, ahead: 0 })).toBeCloseTo(30, 6);
    expect(estimateWait({ ...base, ahead: 9 })).toBeCloseTo(300, 6);
  });
  it('is shorter when people ahead abandon, and grows sub-linearly with the position', () => {
    const w = (ahead: number): number => estimateWait({ ...base, ahead, abandonPerSecond: 1 / 120 });
    expect(w(9)).toBeLessThan(300);
    expect(w(0)).toBeCloseTo(30, 6);
    expect(w(100) - w(90)).toBeLessThan(w(10) - w(0));
  });
  it('sums deep queues in closed form within 1% of the exact sum', () => {
    const exact = estimateWait({ ...base, ahead: 50_000, abandonPerSecond: 0.001, maxTerms: 1e9 });
    const fast = estimateWait({ ...base, ahead: 50_000, abandonPerSecond: 0.001, maxTerms: 500 });
    expect(Math.abs(fast - exact) / exact).toBeLessThan(0.01);
  });
  it('is infinite with nobody staffed, and a new arrival waits behind everyone', () => {
    expect(estimateWait({ ...base, slots: 0, ahead: 0 })).toBe(Infinity);
    expect(estimateQueueWait({ ...base, waiting: 9 })).toBeCloseTo(300, 6);
  });
});

describe('WaitHistory', () => {
  it('uses the prior until it has observations, then a rolling window', () => {
    const h = new WaitHistory({ size: 3, priorHandleSeconds: 200 });
    expect(h.meanHandleSeconds).toBe(200);
    for (const x of [100, 200, 300, 400]) h.recordHandle(x);
    expect(h.meanHandleSeconds).toBe(300);
  });
  it('estimates the abandonment hazard as abandonments per second waited', () => {
    const h = new WaitHistory();
    h.recordWait(30, false);
    h.recordWait(60, true);
    h.recordWait(10, false);
    expect(h.abandonPerSecond).toBeCloseTo(1 / 100, 9);
  });
});
