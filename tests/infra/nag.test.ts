import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
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

  it('deploys prod functions by canary with automatic rollback on alias errors', () => {
    // Arrange / Act
    const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
    const { api } = addFleetOpsStacks(app, stageConfig('prod'));
    // Assess
    const template = Template.fromStack(api);
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', api.functions.size);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
      },
      AlarmConfiguration: { Enabled: true, Alarms: [Match.anyValue()] },
    });
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
