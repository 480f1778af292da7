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
 * test.jsonl. Missing folders are skipped, so the same command works on partial copies.
 */
export const runEval = (dataDir: string, log: (line: string) => void = () => undefined): Report => {
  const report = new Report();
  const step = (name: string, fn: () => void): void => {
    const started = Date.now();
    fn();
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  step('handoff-request', () => evalHandoff(dataDir, report));
  step('frustration', () => evalFrustration(dataDir, report));
  step('intent', () => evalIntent(dataDir, report, log));
  step('pii', () => evalPii(dataDir, report));
  step('summary', () => evalSummary(dataDir, report));
  return report;
};

const main = (): void => {
  const { values } = parseArgs({
    options: { data: { type: 'string', default: '../shared/datasets' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const dataDir = resolve(values.data);
  const report = runEval(dataDir, (line) => console.error(line));
  const json = JSON.stringify(report.entries, null, 2);
  if (values.out !== undefined) writeFileSync(values.out, `${json}\n`);
  console.log(report.table());
  if (values.out === undefined) console.log(json);
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main();
