import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceMapsOf, stageConfig } from '../../infra/config/stages.js';
import { FleetFunction } from '../../infra/constructs/fleet-function.js';
import { declaration } from './support/declarations.js';
import { moduleStack, resourcesOf, synthesise, testContext } from './support/synth.js';

const dev = synthesise('dev');
const prod = synthesise('prod');

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('canary alarm (issue #7.2)', () => {
  it('counts only the new version on the live alias: FunctionName, Resource fn:live, ExecutedVersion', () => {
    for (const stack of prod.stacks.modules) {
      const template = prod.templates.modules.get(stack.moduleName);
      for (const fleetFunction of stack.functions.values()) {
        const fnId = stack.getLogicalId(fleetFunction.function.node.defaultChild as CfnElement);
        const versionId = stack.getLogicalId(fleetFunction.function.currentVersion.node.defaultChild as CfnElement);
        template?.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Statistic: 'Sum',
          Period: 60,
          Dimensions: Match.arrayEquals([
            // The version's logical id ends in a hash of its code: a new one each deployment.
            { Name: 'ExecutedVersion', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${versionId}`), 'Version'] } },
            { Name: 'FunctionName', Value: { Ref: fnId } },
            { Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: fnId }, ':live']] } },
          ]),
        });
      }
    }
  });
});

describe('source maps per stage (issue #7.3)', () => {
  const variablesOf = (app: typeof dev) =>
    [...app.stacks.modules].flatMap((stack) =>
      [...stack.functions.values()].map((f) => {
        const id = stack.getLogicalId(f.function.node.defaultChild as CfnElement);
        const [, fn] =
          resourcesOf(app.templates.modules.get(stack.moduleName) as never, 'AWS::Lambda::Function').find(
            ([logicalId]) => logicalId === id,
          ) ?? [];
        return [
          f.declaration.name,
          (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables,
        ] as const;
      }),
    );

  it('defaults to on in dev and off in prod', () => {
    expect(sourceMapsOf(stageConfig('dev'))).toBe(true);
    expect(sourceMapsOf(stageConfig('prod'))).toBe(false);
    expect(sourceMapsOf({ ...stageConfig('prod'), sourceMaps: true })).toBe(true);
  });

  it('sets NODE_OPTIONS=--enable-source-maps on every dev function and on no prod function', () => {
    for (const [name, variables] of variablesOf(dev)) expect(variables.NODE_OPTIONS, name).toBe('--enable-source-maps');
    for (const [name, variables] of variablesOf(prod)) expect(variables, name).not.toHaveProperty('NODE_OPTIONS');
  });

  it('emits the bundle map only when sourceMaps is on (real esbuild bundling of a fixture)', () => {
    // Arrange: one stack with bundling enabled, two functions on the tiny fixture entry.
    const outdir = mkdtempSync(path.join(tmpdir(), 'fleet-function-'));
    outdirs.push(outdir);
    const context = testContext();
    delete context['aws:cdk:bundling-stacks'];
    const app = new App({ outdir, context, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'SourceMapsTest');
    const common = {
      bindings: { tables: {} },
      stage: 'prod',
      logRetention: RetentionDays.ONE_DAY,
      logRemovalPolicy: RemovalPolicy.DESTROY,
    };
    const http = [{ kind: 'http', method: 'GET', path: '/v1/x', roles: ['admin'] }] as const;
    const withMaps = new FleetFunction(stack, 'WithMaps', { ...common, declaration: declaration('withMaps', http) });
    const withoutMaps = new FleetFunction(stack, 'WithoutMaps', {
      ...common,
      declaration: declaration('withoutMaps', http),
      sourceMaps: false,
    });
    // Act
    app.synth();
    // Assess: the asset directory of each function's code.
    const assetDir = (fn: FleetFunction) => {
      const code = (fn.function.node.defaultChild as unknown as { code: { s3Key?: string } }).code;
      const key = String(code.s3Key).replace(/\.zip$/, '');
      return path.join(outdir, `asset.${key}`);
    };
    expect(existsSync(path.join(assetDir(withMaps), 'index.mjs.map'))).toBe(true);
    expect(readdirSync(assetDir(withoutMaps))).toEqual(['index.mjs']);
    expect(
      () =>
        new FleetFunction(stack, 'Bad', {
          ...common,
          declaration: declaration('bad', http),
          sourceMaps: 'yes' as unknown as boolean,
        }),
    ).toThrow('FleetFunction bad: sourceMaps must be true or false, got yes');
  }, 60_000);
});

describe('ml layer models (issue #7.4)', () => {
  it("builds the alerts module's layer with exactly the models its functions bind: driving-anomaly, vehicle-failure", () => {
    const alerts = moduleStack(dev, 'alerts');
    expect([...(alerts.mlLayer?.models ?? [])].sort()).toEqual(['driving-anomaly', 'vehicle-failure']);
    dev.templates.modules.get('alerts')?.hasResourceProperties('AWS::Lambda::LayerVersion', {
      Description: Match.stringLikeRegexp(
        'ONNX models: (vehicle-failure, driving-anomaly|driving-anomaly, vehicle-failure)$',
      ),
    });
  });
});
