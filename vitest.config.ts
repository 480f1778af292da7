import { defineConfig } from 'vitest/config';

// One suite for the whole repository. Files that need PGlite, PostgreSQL, NATS or Chromium share one
// instance per file; the slow ones run in forks so a crash cannot take the runner down.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.{ts,tsx}',
      'packages/integrations/*/src/**/*.test.ts',
      'eval/**/*.test.ts',
      'bench/**/*.test.ts',
      'e2e/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
  },
});
