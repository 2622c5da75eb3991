import { configDefaults, defineConfig } from 'vitest/config';
import DurationSequencer from './tests/support/duration-sequencer.js';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests run handlers in-process as the local stack does: X-Ray in manual mode there too (docs/adr/0029).
    setupFiles: ['local/runtime/untraced-process.ts'],
    // Vitest's default on 2 cores is one worker (cores - 1), which ran the suite serially in 761 s;
    // most files wait on DynamoDB Local's JVM or Chromium, so two workers overlap those waits.
    maxWorkers: 2,
    // Longest first also on a fresh clone (no results cache), infra files kept together.
    sequence: { sequencer: DurationSequencer },
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          // The infra files only build CDK apps and read them: sharing one process lets them import
          // aws-cdk-lib once and share each stage's synthesised app (tests/infra/support/synth.ts)
          // instead of paying both per file. They need no DynamoDB Local; the web stack deploys
          // web/dist when it exists (the global setups run one after another, the second build is skipped).
          isolate: false,
          globalSetup: ['tests/web/support/build-web.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/infra/**'],
          // DynamoDB Local is started once for the whole run; each suite creates its own tables.
          globalSetup: ['tests/support/global-setup.ts', 'tests/web/support/build-web.ts'],
        },
      },
    ],
  },
});
