import { describe, expect, it } from 'vitest';
import { erlangCFigures } from '../wait-time/erlang-c.ts';
import { estimateWait } from '../wait-time/estimate.ts';
import { Random } from './random.ts';
import { simulate } from './simulate.ts';

describe('Random', () => {
  it('is reproducible and has the requested lognormal mean', () => {
    const a = new Random(7);
    const b = new Random(7);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const r = new Random(3);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r.lognormal(240, 1);
    expect(sum / 100_000).toBeGreaterThan(232);
    expect(sum / 100_000).toBeLessThan(248);
  });
});

describe('simulate', () => {
  const one = {
    queues: [{ id: 'q', arrivalsPerHour: 120, ahtSeconds: 240 }],
    agents: [{ count: 10 }],
    hours: 200,
    seed: 5,
  };

  it('gives the same figures for the same seed and different ones for another', () => {
    const a = simulate({ ...one, hours: 10 });
    expect(simulate({ ...one, hours: 10 })).toEqual(a);
    expect(simulate({ ...one, hours: 10, seed: 6 }).total).not.toEqual(a.total);
  });

  it('agrees with Erlang C where Erlang C holds (no abandonment, handle time CV 1, 80% load)', () => {
    const r = simulate(one);
    const e = erlangCFigures({ arrivalsPerSecond: 120 / 3600, ahtSeconds: 240, agents: 10 });
    expect(r.occupancy).toBeGreaterThan(0.77);
    expect(r.occupancy).toBeLessThan(0.83);
    expect(r.total.abandoned).toBe(0);
    expect(Math.abs(r.total.asaSeconds - e.asaSeconds) / e.asaSeconds).toBeLessThan(0.2);
  });

  it('reads an overwhelmed queue as missing its SLA: customers still waiting at the end count as not answered', () => {
    // Three times more work than the agents can do, and nobody gives up: most customers are still waiting.
    const r = simulate({ ...one, hours: 4, queues: [{ id: 'q', arrivalsPerHour: 360, ahtSeconds: 240 }] });
    expect(r.total.answered + r.total.abandoned).toBeLessThan(r.total.offered / 2);
    expect(r.total.serviceLevel).toBeLessThan(0.2);
  });

  it('loses customers to impatience when understaffed, and adding agents fixes it', () => {
    const under = simulate({
      ...one,
      hours: 40,
      queues: [{ id: 'q', arrivalsPerHour: 200, ahtSeconds: 240, patience: { meanSeconds: 60 } }],
    });
    const more = simulate({
      ...one,
      hours: 40,
      agents: [{ count: 18 }],
      queues: [{ id: 'q', arrivalsPerHour: 200, ahtSeconds: 240, patience: { meanSeconds: 60 } }],
    });
    expect(under.total.abandonRate).toBeGreaterThan(0.1);
    expect(more.total.abandonRate).toBeLessThan(under.total.abandonRate / 3);
    expect(more.total.serviceLevel).toBeGreaterThan(under.total.serviceLevel);
  });

  it('routes by skill across several queues', () => {
    const r = simulate({
      queues: [
        { id: 'billing', arrivalsPerHour: 60, ahtSeconds: 300, requiredSkills: { billing: 1 } },
        { id: 'tech', arrivalsPerHour: 60, ahtSeconds: 300, requiredSkills: { tech: 1 } },
      ],
      agents: [
        { count: 8, skills: { billing: 5 } },
        { count: 2, skills: { tech: 5 } },
      ],
      hours: 20,
      seed: 2,
    });
    // Tech is served by 2 agents at 5 erlangs: it cannot keep up, billing has room.
    expect(r.queues.tech?.asaSeconds).toBeGreaterThan((r.queues.billing?.asaSeconds ?? 0) * 10);
  });

  it("Baton's estimate beats Erlang C against the simulated waits near saturation", () => {
    const r = simulate({
      queues: [
        {
          id: 'q',
          arrivalsPerHour: 0.97 * 20 * 15,
          ahtSeconds: 240,
          patience: { meanSeconds: 180, distribution: 'lognormal' },
        },
      ],
      agents: [{ count: 20 }],
      hours: 60,
      seed: 9,
      recordArrivals: true,
    });
    const erlang = erlangCFigures({ arrivalsPerSecond: (0.97 * 300) / 3600, ahtSeconds: 240, agents: 20 }).asaSeconds;
    const answered = r.arrivals.filter((a) => a.outcome === 'answered');
    const mae = (f: (a: (typeof answered)[number]) => number): number =>
      answered.reduce((s, a) => s + Math.abs(f(a) - a.waited), 0) / answered.length;
    expect(answered.length).toBeGreaterThan(10_000);
    expect(mae((a) => estimateWait(a))).toBeLessThan(0.6 * mae(() => erlang));
  });
});
