import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DynamoDB Local is started once for the whole run; each suite creates its own tables.
    globalSetup: ['tests/support/global-setup.ts', 'tests/web/support/build-web.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
