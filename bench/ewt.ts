import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { erlangCFigures, estimateWait, simulate, type SimulationConfig } from '../packages/core/src/index.ts';

/**
 * Wait-time estimate accuracy (R8): for every customer who reaches an agent in a simulated contact center
 * (Poisson arrivals, lognormal handle times with CV 1, lognormal patience, 50 agents), the wait Baton's estimator
 * predicts at arrival (position, staffed slots, recent handle times and abandonment) and the wait Erlang C
 * predicts (its average speed of answer, given the true arrival rate, AHT and agents) are compared with the wait
 * that really happened. Mean absolute error over answered customers, per load level, several seeds.
 */
const LEVELS: Array<[string, number]> = [
  ['low', 0.6],
  ['medium', 0.85],
  ['near_saturation', 0.98],
];

export const runEwtBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: { hours: { type: 'string' }, seeds: { type: 'string' } },
    strict: false,
  });
  const hours = Number(values.hours ?? 200);
  const seeds = Number(values.seeds ?? 3);
  const agents = 50;
  const aht = 240;
  const patience = 180;
  const levels: Record<string, unknown> = {};
  for (const [name, rho] of LEVELS) {
    const arrivalsPerHour = (rho * agents * 3600) / aht;
    const erlang = erlangCFigures({ arrivalsPerSecond: arrivalsPerHour / 3600, ahtSeconds: aht, agents });
    let n = 0;
    let errBaton = 0;
    let errErlang = 0;
    let errErlangCond = 0;
    let sumWait = 0;
    let abandoned = 0;
    let offered = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const config: SimulationConfig = {
        queues: [
          {
            id: 'q',
            arrivalsPerHour,
            ahtSeconds: aht,
            handleCv: 1,
            patience: { meanSeconds: patience, distribution: 'lognormal', cv: 1 },
          },
        ],
        agents: [{ count: agents }],
        hours,
        warmupHours: 2,
        seed,
        recordArrivals: true,
      };
      const result = simulate(config);
      offered += result.total.offered;
      abandoned += result.total.abandoned;
      for (const a of result.arrivals) {
        if (a.outcome !== 'answered') continue;
        const baton = estimateWait(a);
        n++;
        sumWait += a.waited;
        errBaton += Math.abs(baton - a.waited);
        errErlang += Math.abs(erlang.asaSeconds - a.waited);
        // A kinder baseline: Erlang C's mean wait of those who wait, only when no slot is free at arrival.
        errErlangCond += Math.abs((a.freeSlots > a.ahead ? 0 : erlang.waitIfQueuedSeconds) - a.waited);
      }
      await Promise.resolve();
    }
    const maeBaton = errBaton / n;
    const maeErlang = errErlang / n;
    levels[name] = {
      offered_load: rho,
      arrivals_per_hour: Math.round(arrivalsPerHour),
      answered: n,
      abandon_rate: Math.round((abandoned / offered) * 1000) / 1000,
      mean_wait_s: Math.round((sumWait / n) * 100) / 100,
      erlang_c_asa_s: Math.round(erlang.asaSeconds * 100) / 100,
      mae_baton_s: Math.round(maeBaton * 100) / 100,
      mae_erlang_c_s: Math.round(maeErlang * 100) / 100,
      mae_erlang_c_state_aware_s: Math.round((errErlangCond / n) * 100) / 100,
      error_reduction: Math.round((1 - maeBaton / maeErlang) * 1000) / 1000,
    };
    console.error(name, JSON.stringify(levels[name]));
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    setup: {
      agents,
      aht_s: aht,
      handle: 'lognormal cv 1',
      patience: `lognormal mean ${patience} s cv 1`,
      hours_per_seed: hours,
      seeds,
    },
    levels,
  };
};
