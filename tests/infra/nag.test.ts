import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { STAGE_NAMES, stageConfig } from '../../infra/config/stages.js';
import { addFleetOpsStacks } from '../../infra/fleetops-app.js';
import { testContext } from './support/synth.js';

/** One app per stage for the whole file; building and synthesising is the slow part. */
const apps = Object.fromEntries(
  STAGE_NAMES.map((stage) => {
    const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
    return [stage, { app, stacks: addFleetOpsStacks(app, stageConfig(stage)) }];
  }),
);

describe('cdk-nag AwsSolutions', () => {
  it.each(STAGE_NAMES)('reports no unacknowledged finding in %s, as the synth gate sees it', (stage) => {
    // Arrange
    const { app } = apps[stage] ?? {};
    if (!app) throw new Error(`no app for ${stage}`);
    // Act: synthesis runs the registered AwsSolutionsChecks plugin and throws on any finding;
    // checking the synthesised tree again gives a readable list (cross-stack references resolved).
    app.synth();
    const report = new AwsSolutionsChecks().validateScope(app);
    // Assess
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
  });

  it('deploys prod functions by canary with automatic rollback on alias errors, in every module stack', () => {
    const modules = apps.prod?.stacks.modules;
    if (!modules) throw new Error('no prod app');
    for (const stack of modules) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', stack.functions.size);
      template.hasResourceProperties('AWS::CodeDeploy::Application', {
        ApplicationName: `fleetops-prod-${stack.moduleName}-functions`,
      });
      template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
        AlarmConfiguration: { Enabled: true, Alarms: [Match.anyValue()] },
      });
    }
  });

  it('acknowledges every finding with its rule id and a reason', () => {
    const app = apps.dev?.app;
    if (!app) throw new Error('no dev app');
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
