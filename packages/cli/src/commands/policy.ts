import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultEscalationPolicy, runPolicyTest, type EscalationPolicy } from '@baton/core';
import { loadPolicyFile } from '../../../server/src/policy/load-policy.ts';
import { loadPolicyTestFile } from '../../../server/src/policy/policy-tests-file.ts';

/** Registers `baton policy test <files...>` (T12): runs policy test files and exits 1 on any failure. */
export const registerPolicyCommands = (program: Command): void => {
  const policy = program.command('policy').description('escalation policy tools');
  policy
    .command('test')
    .description('run policy tests ("given these turns, expect this decision")')
    .argument('<files...>', 'policy test files (*.test.yaml)')
    .option('--policy <file>', 'policy to test instead of the one named in each test file')
    .action((files: string[], options: { policy?: string }) => {
      let failed = 0;
      let total = 0;
      for (const file of files) {
        const tests = loadPolicyTestFile(file);
        const policyPath =
          options.policy ?? (tests.policy !== undefined ? resolve(dirname(file), tests.policy) : undefined);
        const policyInForce: EscalationPolicy =
          policyPath !== undefined ? loadPolicyFile(policyPath) : defaultEscalationPolicy;
        console.log(`${file} (policy ${policyInForce.version})`);
        for (const t of tests.tests) {
          const r = runPolicyTest(policyInForce, t);
          total++;
          if (r.passed) console.log(`  ✓ ${r.name}`);
          else {
            failed++;
            console.log(`  ✗ ${r.name}\n      ${r.failures.join('\n      ')}`);
          }
        }
      }
      console.log(`${total - failed}/${total} passed`);
      if (failed > 0) process.exitCode = 1;
    });
};
