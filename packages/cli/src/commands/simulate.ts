import type { Command } from 'commander';
import { erlangCFigures, erlangCServiceLevel, simulate, type SimulationResult } from '@baton/core';

interface SimulateOptions {
  agents: string;
  arrivalsPerHour: string;
  ahtSeconds: string;
  hours: string;
  seed: string;
  patienceSeconds?: string;
  slaSeconds: string;
  handleCv: string;
  capacity: string;
  json?: boolean;
}

const positive = (name: string, raw: string, integer = false): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
};

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Registers `baton simulate` (R8, S5): a staffing "what if" on Baton's discrete-event simulator, one queue, with
 * Erlang C's answer beside it for comparison.
 */
export const registerSimulateCommand = (program: Command): void => {
  program
    .command('simulate')
    .description(
      'simulate a contact center: service level, speed of answer, abandonment and occupancy for a staffing level',
    )
    .requiredOption('--agents <n>', 'agents logged in')
    .requiredOption('--arrivals-per-hour <x>', 'conversations handed off per hour (Poisson)')
    .requiredOption('--aht-seconds <y>', 'average handle time, seconds (lognormal)')
    .option('--hours <h>', 'hours to simulate', '8')
    .option('--seed <s>', 'random seed; the same seed gives the same run', '1')
    .option('--patience-seconds <p>', 'mean customer patience, seconds (exponential); omit: nobody leaves')
    .option('--sla-seconds <t>', 'service-level threshold, seconds', '20')
    .option('--handle-cv <cv>', 'handle time coefficient of variation', '1')
    .option('--capacity <c>', 'concurrent conversations per agent', '1')
    .option('--json', 'print the figures as JSON')
    .action((o: SimulateOptions) => {
      const agents = positive('agents', o.agents, true);
      const arrivalsPerHour = positive('arrivals-per-hour', o.arrivalsPerHour);
      const ahtSeconds = positive('aht-seconds', o.ahtSeconds);
      const hours = positive('hours', o.hours);
      const seed = Number(o.seed);
      const slaSeconds = positive('sla-seconds', o.slaSeconds);
      const capacity = positive('capacity', o.capacity, true);
      const patience =
        o.patienceSeconds === undefined ? null : { meanSeconds: positive('patience-seconds', o.patienceSeconds) };
      const result: SimulationResult = simulate({
        queues: [
          {
            id: 'queue',
            arrivalsPerHour,
            ahtSeconds,
            handleCv: positive('handle-cv', o.handleCv),
            patience,
            slaSeconds,
          },
        ],
        agents: [{ count: agents, capacity }],
        hours,
        seed: Number.isFinite(seed) ? seed : 1,
      });
      const erlangInput = { arrivalsPerSecond: arrivalsPerHour / 3600, ahtSeconds, agents: agents * capacity };
      const erlang = erlangCFigures(erlangInput);
      const t = result.total;
      const figures = {
        input: {
          agents,
          capacity,
          arrivalsPerHour,
          ahtSeconds,
          hours,
          seed,
          patienceSeconds: patience?.meanSeconds ?? null,
          slaSeconds,
        },
        simulated: {
          offered: t.offered,
          answered: t.answered,
          serviceLevel: t.serviceLevel,
          asaSeconds: t.asaSeconds,
          p90WaitSeconds: t.p90WaitSeconds,
          abandonRate: t.abandonRate,
          occupancy: result.occupancy,
        },
        erlangC: {
          serviceLevel: erlangCServiceLevel(erlangInput, slaSeconds),
          asaSeconds: erlang.asaSeconds,
          occupancy: erlang.occupancy,
        },
      };
      if (o.json === true) {
        console.log(JSON.stringify(figures, null, 2));
        return;
      }
      const load = (arrivalsPerHour * ahtSeconds) / 3600 / (agents * capacity);
      console.log(
        `${agents} agents × ${capacity}, ${arrivalsPerHour}/h, AHT ${ahtSeconds}s (offered load ${pct(load)}), ${hours} h, seed ${seed}`,
      );
      console.log('');
      console.log(`                      simulated   Erlang C`);
      console.log(
        `service level ≤${slaSeconds}s`.padEnd(22) +
          pct(t.serviceLevel).padStart(9) +
          pct(figures.erlangC.serviceLevel).padStart(11),
      );
      console.log(
        'avg speed of answer'.padEnd(22) +
          `${t.asaSeconds.toFixed(1)}s`.padStart(9) +
          `${Number.isFinite(erlang.asaSeconds) ? erlang.asaSeconds.toFixed(1) : '∞'}s`.padStart(11),
      );
      console.log('90th pct wait'.padEnd(22) + `${t.p90WaitSeconds.toFixed(1)}s`.padStart(9));
      console.log('abandonment'.padEnd(22) + pct(t.abandonRate).padStart(9) + '0.0%'.padStart(11));
      console.log('occupancy'.padEnd(22) + pct(result.occupancy).padStart(9) + pct(erlang.occupancy).padStart(11));
      console.log(`(${t.offered} conversations measured; Erlang C assumes nobody leaves and exponential handle times)`);
    });
};
