import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { STAGE_NAMES, stageConfig } from '../../infra/config/stages.js';
import { addFleetOpsStacks } from '../../infra/fleetops-app.js';
import { testContext } from './support/synth.js';

describe('cdk-nag AwsSolutions', () => {
  it.each(STAGE_NAMES)('reports no unacknowledged finding in %s', (stage) => {
    // Arrange
    const app = new App({ context: testContext() });
    addFleetOpsStacks(app, stageConfig(stage));
    // Act: the same checks the synth runs as a policy-validation plugin
    const report = new AwsSolutionsChecks().validateScope(app);
    // Assess
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
  });

  it('acknowledges every finding with its rule id and a reason', () => {
    const app = new App({ context: testContext() });
    addFleetOpsStacks(app, stageConfig('dev'));
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});
