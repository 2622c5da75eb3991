import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '../../functions/wiring/declaration.js';
import { ENV } from '../../functions/wiring/environment.js';
import { FUNCTIONS } from '../../functions/wiring/functions.js';
import { TABLES } from '../../functions/wiring/tables.js';
import { resourcesOf, synthesise } from './support/synth.js';

const declarations: readonly FunctionDeclaration[] = FUNCTIONS;
const { stacks, templates } = synthesise('dev');
const api = templates.api;

/** The logical id of a declared function's Lambda in the API stack. */
function functionLogicalId(name: string): string {
  const fleetFunction = stacks.api.functions.get(name);
  if (!fleetFunction) throw new Error(`no function ${name}`);
  return stacks.api.getLogicalId(fleetFunction.function.node.defaultChild as CfnElement);
}

/** The logical id of a declared function's `live` alias, which every trigger invokes. */
function aliasLogicalId(name: string): string {
  const fleetFunction = stacks.api.functions.get(name);
  if (!fleetFunction) throw new Error(`no function ${name}`);
  return stacks.api.getLogicalId(fleetFunction.alias.node.defaultChild as CfnElement);
}

function functionProperties(name: string): Record<string, unknown> {
  const found = resourcesOf(api, 'AWS::Lambda::Function').find(([id]) => id === functionLogicalId(name));
  if (!found) throw new Error(`no Lambda for ${name}`);
  return found[1].Properties ?? {};
}

const httpTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'http' ? [{ name: d.name, method: t.method, path: t.path }] : [])),
);
const wsTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'websocket' ? [{ name: d.name, routeKey: t.routeKey }] : [])),
);
const eventTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'event' ? [{ name: d.name, pattern: t.pattern }] : [])),
);
const streamTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'stream' ? [{ name: d.name, trigger: t }] : [])),
);

/** Follows route → integration → Lambda alias and returns the alias's logical id. */
function routeTargetAlias(routeKey: string): string {
  const routes = resourcesOf(api, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties?.RouteKey === routeKey);
  expect(routes).toHaveLength(1);
  const target = JSON.stringify(routes[0]?.[1].Properties?.Target);
  const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1];
  const integration = resourcesOf(api, 'AWS::ApiGatewayV2::Integration').find(([id]) => id === integrationId);
  const uri = JSON.stringify(integration?.[1].Properties?.IntegrationUri);
  const lambdaIds = resourcesOf(api, 'AWS::Lambda::Alias').map(([id]) => id);
  const found = lambdaIds.filter((id) => uri.includes(`"${id}"`));
  expect(found).toHaveLength(1);
  return found[0] as string;
}

describe('api stack: functions', () => {
  it('creates every declared function on Node.js 22, arm64, traced, with Powertools settings', () => {
    for (const declaration of declarations) {
      const properties = functionProperties(declaration.name);
      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: declaration.memorySize ?? 512,
        Timeout: declaration.timeoutSeconds ?? 10,
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: declaration.name,
            POWERTOOLS_METRICS_NAMESPACE: 'fleetops',
            LOG_LEVEL: 'DEBUG',
            STAGE: 'dev',
          }),
        },
      });
    }
    expect(stacks.api.functions.size).toBe(declarations.length);
  });

  it('gives every function its own log group with the stage retention', () => {
    for (const declaration of declarations) {
      const loggingConfig = functionProperties(declaration.name).LoggingConfig as { LogGroup: { Ref: string } };
      api.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 7 } });
      expect(resourcesOf(api, 'AWS::Logs::LogGroup').map(([id]) => id)).toContain(loggingConfig.LogGroup.Ref);
    }
    for (const [, group] of resourcesOf(api, 'AWS::Logs::LogGroup')) expect(group.Properties?.RetentionInDays).toBe(7);
  });

  it('sets each table binding as its env var with the table name', () => {
    for (const declaration of declarations) {
      const variables = (functionProperties(declaration.name).Environment as { Variables: Record<string, unknown> })
        .Variables;
      for (const { table } of declaration.bindings.tables ?? []) {
        expect(variables[TABLES[table].envVar]).toBe(`fleetops-dev-${table}`);
      }
    }
  });

  it('grants read-only bindings no write action', () => {
    // listAlerts binds alerts read-only
    const role = (functionProperties('listAlerts').Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = resourcesOf(api, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties?.Roles).includes(role),
    );
    const actions = JSON.stringify(policies.map(([, p]) => p.Properties?.PolicyDocument));
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
  });

  it('wires bus, websocket, auth, search and SMS bindings to env vars and grants', () => {
    const variables = (name: string) =>
      (functionProperties(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables('ingestTelemetry')[ENV.eventBusName]).toBeDefined();
    expect(variables('dispatchAlert')[ENV.websocketEndpoint]).toBeDefined();
    expect(variables('wsAuthorize')).toMatchObject({
      [ENV.jwtIssuer]: expect.anything(),
      [ENV.jwtAudience]: expect.anything(),
      [ENV.jwksUrl]: expect.anything(),
    });
    expect(JSON.stringify(variables('indexAlerts')[ENV.searchEndpoint])).toContain('https://');
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'events:PutEvents' })]),
      },
    });
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'execute-api:ManageConnections' })]),
      },
    });
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Resource: '*' })]) },
    });
  });
});

describe('api stack: deployments', () => {
  it('invokes every function through its live alias on the current version', () => {
    for (const declaration of declarations) {
      api.hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        FunctionName: { Ref: functionLogicalId(declaration.name) },
        FunctionVersion: Match.anyValue(),
      });
    }
  });

  it('deploys all at once in dev (prod shifts traffic by canary, see nag.test.ts)', () => {
    api.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
  });
});

describe('api stack: search access', () => {
  it('maps the roles of search-bound functions to fleetops-* indices, assuming the master role', () => {
    const searchBound = declarations.filter((d) => d.bindings.search).map((d) => d.name);
    const roleIds = searchBound.map(
      (name) => (functionProperties(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
    );
    api.hasResourceProperties('Custom::SearchRoleMapping', {
      BackendRoles: roleIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
      Endpoint: Match.anyValue(),
      MasterRoleArn: { 'Fn::ImportValue': Match.stringLikeRegexp('SearchAdminRole') },
      IndexPatterns: ['fleetops-*'],
      HandlerHash: Match.stringLikeRegexp('^[0-9a-f]{16}$'),
    });
    const mapping = stacks.api.searchRoleMapping;
    if (!mapping) throw new Error('no search role mapping');
    const roleId = stacks.api.getLogicalId(mapping.role.node.defaultChild as CfnElement);
    api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'fleetops-dev-search-role-mapping',
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    api.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', ['fleetops-dev-search-role-mapping-', { Ref: 'AWS::Region' }]] },
    });
    api.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('SearchAdminRole') },
          }),
        ]),
      },
    });
  });
});

describe('api stack: HTTP API', () => {
  it('protects every HTTP route with the Cognito JWT authorizer', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const httpRoutes = resourcesOf(api, 'AWS::ApiGatewayV2::Route').filter(
      ([, r]) => !String(r.Properties?.RouteKey).startsWith('$'),
    );
    expect(httpRoutes).toHaveLength(httpTriggers.length);
    for (const [, route] of httpRoutes) expect(route.Properties?.AuthorizationType).toBe('JWT');
  });

  it('logs access and throttles the stage', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('api stack: WebSocket API', () => {
  it('selects routes on the action field and auto-deploys a throttled, logged stage', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'dev',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ Format: Match.stringLikeRegexp('connectionId') }),
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('sets the account-level logging role WebSocket access logs need, before the stage', () => {
    api.hasResourceProperties('AWS::ApiGateway::Account', { CloudWatchRoleArn: Match.anyValue() });
    const accountId = resourcesOf(api, 'AWS::ApiGateway::Account')[0]?.[0];
    const [, wsStage] =
      resourcesOf(api, 'AWS::ApiGatewayV2::Stage').find(([, s]) => s.Properties?.StageName === 'dev') ?? [];
    expect(wsStage?.DependsOn).toContain(accountId);
  });

  it('authorises $connect with the Lambda REQUEST authorizer reading ?token=', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: Match.anyValue(),
    });
  });
});

describe('api stack: asynchronous paths', () => {
  it('gives every event rule a retry policy and its own encrypted, TLS-only DLQ', () => {
    const rules = resourcesOf(api, 'AWS::Events::Rule');
    expect(rules).toHaveLength(eventTriggers.length);
    for (const [, rule] of rules) {
      const [target] = (rule.Properties?.Targets ?? []) as Record<string, unknown>[];
      expect(target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      });
    }
    for (const [, queue] of resourcesOf(api, 'AWS::SQS::Queue')) {
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    }
    api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('sends failed asynchronous invocations of rule-triggered functions to a DLQ', () => {
    const asyncFunctions = declarations.filter((d) =>
      d.triggers.some((t) => t.kind === 'event' || t.kind === 'schedule'),
    );
    const configs = resourcesOf(api, 'AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(asyncFunctions.length);
    for (const [, config] of configs) {
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
  });

  it('consumes declared streams with bisect-on-error, retries and an SQS on-failure destination', () => {
    const mappings = resourcesOf(api, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(streamTriggers.length);
    for (const { trigger } of streamTriggers) {
      api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: trigger.batchSize ?? 100,
        StartingPosition: trigger.startingPosition ?? 'LATEST',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: trigger.retryAttempts ?? 3,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    }
  });

  it('lists every DLQ for the observability stack', () => {
    expect(stacks.api.deadLetterQueues).toHaveLength(resourcesOf(api, 'AWS::SQS::Queue').length);
  });
});

describe('one wiring: every declaration appears in the template', () => {
  it.each(httpTriggers)('HTTP $method $path → $name', ({ name, method, path }) => {
    expect(routeTargetAlias(`${method} ${path}`)).toBe(aliasLogicalId(name));
  });

  it.each(wsTriggers)('WebSocket $routeKey → $name', ({ name, routeKey }) => {
    expect(routeTargetAlias(routeKey)).toBe(aliasLogicalId(name));
  });

  it.each(eventTriggers)('event rule → $name', ({ name, pattern }) => {
    api.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: pattern.source, 'detail-type': pattern['detail-type'] }),
      Targets: [Match.objectLike({ Arn: { Ref: aliasLogicalId(name) } })],
    });
  });

  it.each(streamTriggers)('stream of $trigger.table → $name', ({ name }) => {
    // The mapping names the alias as `<function name>:live`, the name taken from the alias ARN.
    const mappings = resourcesOf(api, 'AWS::Lambda::EventSourceMapping').map(([, m]) =>
      JSON.stringify(m.Properties?.FunctionName),
    );
    expect(mappings.filter((m) => m.includes(`"${aliasLogicalId(name)}"`) && m.includes(':live'))).toHaveLength(1);
  });
});
