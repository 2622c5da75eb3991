import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { FunctionDeclaration, Trigger } from '../../functions/platform/wiring/declaration.js';
import { stageConfig } from '../../infra/config/stages.js';
import { ApiStack } from '../../infra/stacks/api-stack.js';
import { ModuleStack, validateWiring } from '../../infra/stacks/module-stack.js';
import { StatefulStack } from '../../infra/stacks/stateful-stack.js';
import { declaration } from './support/declarations.js';
import { testContext } from './support/synth.js';

const config = stageConfig('dev');
const streaming: Trigger = { kind: 'streamingHttp', method: 'GET', path: '/v1/things/stream', roles: ['dispatcher'] };
const tokens = {
  tokens: {
    kind: 'tokens',
    env: ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWKS_URL'],
    fromEnvironment: () => undefined,
    create: () => undefined,
  },
} as const;

function moduleWith(declarations: readonly FunctionDeclaration[]): ModuleStack {
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const stateful = new StatefulStack(app, 'Stateful', { config, webOrigins: ['https://app.fleetops.test'] });
  const api = new ApiStack(app, 'Api', { config, stateful });
  return new ModuleStack(app, 'Test', {
    config,
    stateful,
    api,
    module: { name: 'test', tables: [], functions: declarations },
  });
}

describe('streamingHttp triggers (ADR 0075)', () => {
  it('serve the function through a response-streaming function URL on its live alias, published in SSM', () => {
    const stack = moduleWith([{ ...declaration('streamThings', [streaming], tokens), timeoutSeconds: 900 }]);
    const template = Template.fromStack(stack);
    const fn = stack.functions.get('streamThings');
    const aliasId = stack.getLogicalId(fn?.alias.node.defaultChild as CfnElement);

    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'RESPONSE_STREAM',
      TargetFunctionArn: Match.anyValue(),
      Qualifier: 'live',
      Cors: Match.objectLike({ AllowMethods: ['GET'], AllowOrigins: ['*'] }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
    });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/fleetops/dev/function-urls/streamThings',
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 900 });
    // No API Gateway route: HTTP APIs buffer the whole response.
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    expect(aliasId).toBeTruthy();
  });

  it('refuse a streaming function that cannot verify tokens (no authorizer in front of a function URL)', () => {
    expect(() => moduleWith([declaration('streamThings', [streaming])])).toThrow(/must bind tokens/);
  });

  it('share the HTTP route space: the same path as an HTTP route is a duplicate', () => {
    const http: Trigger = { kind: 'http', method: 'GET', path: '/v1/things/stream', roles: ['admin'] };
    expect(() => validateWiring([declaration('a', [http]), declaration('b', [streaming], tokens)])).toThrow(
      /declared twice/,
    );
  });
});
