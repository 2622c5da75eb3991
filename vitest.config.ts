import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DynamoDB Local is started once for the whole run; each suite creates its own tables.
    globalSetup: ['tests/support/global-setup.ts', 'tests/web/support/build-web.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores - 1), which ran the suite serially in 761 s;
    // most files wait on DynamoDB Local's JVM or Chromium, so two workers overlap those waits.
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
