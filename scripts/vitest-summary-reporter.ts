import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line at exit, `Tests: N passed, N failed, N skipped`, after Vitest's own summary, so
 * that any CI log reader sees how many tests ran (a run that executed nothing shows `0 passed`).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    // Written at exit so that it is the very last line, after Vitest's own summary.
    process.once('exit', () => {
      process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    });
  }
}
