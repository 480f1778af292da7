import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Report } from './report.ts';
import { evalFrustration } from './tasks/frustration.ts';
import { evalHandoff } from './tasks/handoff.ts';
import { evalIntent } from './tasks/intent.ts';
import { evalPii } from './pii.ts';
import { evalSummary } from './summary.ts';

/**
 * Runs every evaluation on a folder laid out like ../shared/datasets: trains on each train.jsonl, reports on
 * test.jsonl. Missing folders are skipped, so the same command works on partial copies. `only` limits the run
 * to some suites (names as logged: handoff-request, frustration, intent, pii, summary); the report has the
 * same shape, with only those suites' entries.
 */
export const runEval = async (
  dataDir: string,
  log: (line: string) => void = () => undefined,
  only?: ReadonlySet<string>,
): Promise<Report> => {
  const report = new Report();
  const step = async (name: string, fn: () => void | Promise<void>): Promise<void> => {
    if (only !== undefined && !only.has(name)) return;
    const started = Date.now();
    await fn();
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await step('handoff-request', () => evalHandoff(dataDir, report));
  await step('frustration', () => evalFrustration(dataDir, report, log));
  await step('intent', () => evalIntent(dataDir, report, log));
  await step('pii', () => evalPii(dataDir, report));
  await step('summary', () => evalSummary(dataDir, report));
  return report;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/datasets' },
      out: { type: 'string' },
      only: { type: 'string' },
    },
    allowPositionals: true,
  });
  const dataDir = resolve(values.data);
  const only = values.only === undefined ? undefined : new Set(values.only.split(',').map((s) => s.trim()));
  const report = await runEval(dataDir, (line) => console.error(line), only);
  const json = JSON.stringify(report.entries, null, 2);
  if (values.out !== undefined) writeFileSync(values.out, `${json}\n`);
  console.log(report.table());
  if (values.out === undefined) console.log(json);
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
