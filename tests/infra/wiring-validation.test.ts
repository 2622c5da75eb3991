import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FLEET_TABLE } from '../../functions/modules/fleet/tables.js';
import { FUNCTIONS, MODULES } from '../../functions/modules/registry.js';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import type { FleetOpsModule } from '../../functions/platform/wiring/module.js';
import { stageConfig } from '../../infra/config/stages.js';
import { ApiStack } from '../../infra/stacks/api-stack.js';
import { ModuleStack, toCdkEventPattern, validateModules, validateWiring } from '../../infra/stacks/module-stack.js';
import { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import { bind, declaration } from './support/declarations.js';
import { testContext } from './support/synth.js';

const config = stageConfig('dev');
const http = (path: string): FunctionDeclaration['triggers'][number] => ({
  kind: 'http',
  method: 'GET',
  path,
  roles: ['admin'],
});
const base: FunctionDeclaration = declaration('base', [http('/v1/base')]);
const moduleOf = (name: string, functions: readonly FunctionDeclaration[]): FleetOpsModule => ({
  name,
  tables: [],
  functions,
});

/** A module stack with only the given declarations, against its own stateful and API stacks. */
function moduleWith(declarations: readonly FunctionDeclaration[], stage: typeof config = config): ModuleStack {
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const stateful = new StatefulStack(app, 'Stateful', { config: stage, webOrigins: ['https://app.fleetops.test'] });
  const api = new ApiStack(app, 'Api', { config: stage, stateful });
  return new ModuleStack(app, 'Test', { config: stage, stateful, api, module: moduleOf('test', declarations) });
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

  it('accepts a public HTTP route without roles, and rejects one that names roles', () => {
    const open = {
      ...base,
      triggers: [{ kind: 'http', method: 'POST', path: '/v1/hook', roles: [], public: true } as const],
    };
    const confused = {
      ...base,
      triggers: [{ kind: 'http', method: 'POST', path: '/v1/hook', roles: ['admin'], public: true } as const],
    };
    expect(() => validateWiring([open])).not.toThrow();
    expect(() => validateWiring([confused])).toThrow(/public HTTP route POST \/v1\/hook names roles/);
  });

  it('rejects a $connect route without an authorizer', () => {
    const a = { ...base, triggers: [{ kind: 'websocket', routeKey: '$connect' } as const] };
    expect(() => validateWiring([a])).toThrow(/no function declares the websocketAuthorizer/);
  });
});

describe('validateModules', () => {
  it('accepts the registered modules', () => {
    expect(() => validateModules(MODULES)).not.toThrow();
  });

  it('rejects the same route declared in two modules (they share the API)', () => {
    const a = moduleOf('one', [{ ...base, name: 'a' }]);
    const b = moduleOf('two', [{ ...base, name: 'b' }]);
    expect(() => validateModules([a, b])).toThrow(/GET \/v1\/base is declared twice/);
  });

  it('rejects a module named like a shared stack', () => {
    expect(() => validateModules([moduleOf('api', [base])])).toThrow(/taken by a shared stack/);
  });

  it('rejects a module named like another module’s alarms stack (fleetops-{stage}-x-alarms)', () => {
    expect(() => validateModules([moduleOf('fleet-alarms', [base])])).toThrow(/suffix of a module's alarms stack/);
  });

  it('rejects search bindings in two modules (one role mapping per stage)', () => {
    const search = FUNCTIONS.find((f) => f.name === 'indexAlerts') as FunctionDeclaration;
    const other = { ...search, name: 'indexOther', triggers: [http('/v1/other')] };
    expect(() => validateModules([moduleOf('one', [search]), moduleOf('two', [other])])).toThrow(
      /bind search in one module only/,
    );
  });

  it('rejects $connect and its authorizer in different modules', () => {
    const authorizer = declaration('authorize', [{ kind: 'websocketAuthorizer' }]);
    const connect = declaration('connect', [{ kind: 'websocket', routeKey: '$connect' }]);
    expect(() => validateModules([moduleOf('one', [authorizer]), moduleOf('two', [connect])])).toThrow(
      /must be declared in the same module/,
    );
  });
});

describe('FleetFunction and the module stack reject wiring that cannot work', () => {
  it('a stream on a table whose definition declares none', () => {
    const a = declaration('a', [{ kind: 'stream', table: FLEET_TABLE }]);
    expect(() => moduleWith([a])).toThrow(/table 'fleet', whose definition declares no stream/);
  });

  it('a push binding without a platform application in the stage config', () => {
    const a = declaration('a', [http('/v1/a')], { notify: bind.notifier('push') });
    const { pushPlatformApplications: _, ...withoutPush } = config;
    expect(() => moduleWith([a], withoutPush)).toThrow(/pushPlatformApplications/);
  });

  it('an event trigger with out-of-range retries', () => {
    const a = declaration('a', [{ kind: 'event', pattern: { source: ['x'] }, retryAttempts: 500 }]);
    expect(() => moduleWith([a])).toThrow(/retryAttempts must be an integer 0–185/);
  });

  it('a name that is not camelCase', () => {
    expect(() => moduleWith([{ ...base, name: 'Ingest-Telemetry' }])).toThrow(/must be camelCase/);
  });

  it('a module without functions', () => {
    expect(() => moduleWith([])).toThrow(/declares no function; it needs no stack/);
  });
});

describe('ml layer', () => {
  it('a model binding attaches the layer, keeps onnxruntime external and points MODELS_DIR at /opt/models', () => {
    // Arrange
    const mlFunction = declaration('classifyIntent', [http('/v1/classify')], { nlu: bind.model('clinc150') });
    // Act
    const template = Template.fromStack(moduleWith([mlFunction]));
    // Assess
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleRuntimes: ['nodejs22.x'],
      CompatibleArchitectures: ['arm64'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Layers: Match.arrayWith([
        { Ref: Match.stringLikeRegexp('^MlLayer') },
        { Ref: Match.stringLikeRegexp('^PlatformLayer') },
      ]),
      Environment: { Variables: Match.objectLike({ MODELS_DIR: '/opt/models' }) },
    });
  });

  it('is not created when no declaration binds a model (the platform layer is the only one)', () => {
    const template = Template.fromStack(moduleWith([base]));
    template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      Description: Match.stringLikeRegexp('^fleetops platform: '),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Layers: [{ Ref: Match.stringLikeRegexp('^PlatformLayer') }],
    });
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
