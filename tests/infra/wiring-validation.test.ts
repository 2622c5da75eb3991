import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '../../functions/wiring/declaration.js';
import { FUNCTIONS } from '../../functions/wiring/functions.js';
import { stageConfig } from '../../infra/config/stages.js';
import { ApiStack, toCdkEventPattern, validateWiring } from '../../infra/stacks/api-stack.js';
import { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import { testContext } from './support/synth.js';

const config = stageConfig('dev');
const base: FunctionDeclaration = FUNCTIONS[0];
const http = (path: string): FunctionDeclaration['triggers'][number] => ({
  kind: 'http',
  method: 'GET',
  path,
  roles: ['admin'],
});

/** An API stack with only the given declarations, against a shared stateful stack. */
function apiWith(declarations: readonly FunctionDeclaration[]): ApiStack {
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const stateful = new StatefulStack(app, 'Stateful', { config });
  return new ApiStack(app, 'Api', { config, stateful, declarations });
}

describe('validateWiring', () => {
  it('accepts the declared functions', () => {
    expect(() => validateWiring(FUNCTIONS)).not.toThrow();
  });

  it('rejects a function declared twice', () => {
    expect(() => validateWiring([base, base])).toThrow(/declared twice/);
  });

  it('rejects the same HTTP route on two functions', () => {
    const a = { ...base, name: 'a', triggers: [http('/v1/x')] };
    const b = { ...base, name: 'b', triggers: [http('/v1/x')] };
    expect(() => validateWiring([a, b])).toThrow(/GET \/v1\/x is declared twice/);
  });

  it('rejects an HTTP route that allows no role', () => {
    const a = { ...base, triggers: [{ kind: 'http', method: 'GET', path: '/v1/x', roles: [] } as const] };
    expect(() => validateWiring([a])).toThrow(/allows no role/);
  });

  it('rejects a $connect route without an authorizer', () => {
    const a = { ...base, triggers: [{ kind: 'websocket', routeKey: '$connect' } as const] };
    expect(() => validateWiring([a])).toThrow(/no function declares the websocketAuthorizer/);
  });
});

describe('FleetFunction and the API stack reject wiring that cannot work', () => {
  it('a stream on a table whose definition declares none', () => {
    const a = { ...base, triggers: [{ kind: 'stream', table: 'fleet' } as const], bindings: {} };
    expect(() => apiWith([a])).toThrow(/table 'fleet', whose definition declares no stream/);
  });

  it('a push binding without a platform application in the stage config', () => {
    const a = { ...base, bindings: { topics: ['push'] as const } };
    expect(() => apiWith([a])).toThrow(/pushPlatformApplicationArn/);
  });

  it('an event trigger with out-of-range retries', () => {
    const a = {
      ...base,
      triggers: [{ kind: 'event', pattern: { source: ['x'] }, retryAttempts: 500 } as const],
      bindings: {},
    };
    expect(() => apiWith([a])).toThrow(/retryAttempts must be an integer 0–185/);
  });

  it('a name that is not camelCase', () => {
    expect(() => apiWith([{ ...base, name: 'Ingest-Telemetry' }])).toThrow(/must be camelCase/);
  });
});

describe('ml layer', () => {
  it('attaches the layer, keeps onnxruntime external and points MODELS_DIR at /opt/models', () => {
    // Arrange
    const mlFunction: FunctionDeclaration = { ...base, name: 'classifyIntent', layers: ['ml'], bindings: {} };
    // Act
    const template = Template.fromStack(apiWith([mlFunction]));
    // Assess
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleRuntimes: ['nodejs22.x'],
      CompatibleArchitectures: ['arm64'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Layers: [{ Ref: Match.stringLikeRegexp('^MlLayer') }],
      Environment: { Variables: Match.objectLike({ MODELS_DIR: '/opt/models' }) },
    });
  });

  it('is not created when no declaration needs it', () => {
    const template = Template.fromStack(apiWith([{ ...base, bindings: {} }]));
    template.resourceCountIs('AWS::Lambda::LayerVersion', 0);
  });
});

describe('toCdkEventPattern', () => {
  it('maps detail-type to detailType and keeps source and detail', () => {
    expect(toCdkEventPattern({ source: ['a'], 'detail-type': ['b'], detail: { severity: ['CRITICAL'] } })).toEqual({
      source: ['a'],
      detailType: ['b'],
      detail: { severity: ['CRITICAL'] },
    });
  });
});

describe('stage config', () => {
  it('rejects an unknown stage, naming the accepted ones', () => {
    expect(() => stageConfig('staging')).toThrow(/-c stage=dev\|prod/);
  });

  it('defaults to dev', () => {
    expect(stageConfig(undefined).stage).toBe('dev');
  });
});
