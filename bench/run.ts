import { parseArgs } from 'node:util';

/** A benchmark module: runs, prints, and returns its figures as JSON-ready data. */
export type Benchmark = (args: string[]) => Promise<Record<string, unknown>>;

/**
 * Benchmarks by name. Others add `routing`, `ingest` ... here: one line each, loaded lazily so a benchmark's
 * dependencies load only when it runs.
 */
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  decision: async () => (await import('./decision.ts')).runDecisionBench,
  context: async () => (await import('./context.ts')).runContextBench,
  routing: async () => (await import('./routing.ts')).runRoutingBench,
  'routing-plan': async () => (await import('./routing-plan.ts')).runRoutingPlanBench,
  ewt: async () => (await import('./ewt.ts')).runEwtBench,
  ingest: async () => (await import('./ingest.ts')).runIngestBench,
  handoff: async () => (await import('./handoff.ts')).runHandoffBench,
  memory: async () => (await import('./memory.ts')).runMemoryBench,
  soak: async () => (await import('./soak.ts')).runSoakBench,
};

const main = async (): Promise<void> => {
  const [name, ...rest] = process.argv.slice(2);
  const load = name !== undefined ? BENCHMARKS[name] : undefined;
  if (load === undefined) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [--out FILE]`);
    process.exitCode = 2;
    return;
  }
  const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } }, strict: false });
  const figures = await (await load())(rest);
  const json = JSON.stringify(
    { benchmark: name, date: new Date().toISOString(), node: process.version, ...figures },
    null,
    2,
  );
  console.log(json);
  if (typeof values.out === 'string') {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.out, `${json}\n`);
  }
};

await main();
