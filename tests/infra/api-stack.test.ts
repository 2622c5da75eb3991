import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, moduleOf } from '../../functions/modules/registry.js';
import { BUCKET_KEY_PATTERN } from '../../functions/platform/rate-limit/dynamodb-rate-limiter.js';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { ENV } from '../../functions/platform/wiring/environment.js';
import type { FleetFunction } from '../../infra/constructs/fleet-function.js';
import { moduleStack, resourcesOf, type SynthesisedApp, synthesise } from './support/synth.js';

const declarations: readonly FunctionDeclaration[] = FUNCTIONS;
const synthesised: SynthesisedApp = synthesise('dev');
const { stacks, templates } = synthesised;
const api = templates.api;
const moduleTemplates = [...templates.modules.values()];

/** The template of the module stack that holds a declared function. */
function templateOf(name: string): Template {
  const template = templates.modules.get(moduleOf(name).name);
  if (!template) throw new Error(`no module template for ${name}`);
  return template;
}

function fleetFunction(name: string): FleetFunction {
  const found = moduleStack(synthesised, moduleOf(name).name).functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

/** The logical id of a declared function's Lambda in its module stack. */
function functionLogicalId(name: string): string {
  const fn = fleetFunction(name);
  return moduleStack(synthesised, moduleOf(name).name).getLogicalId(fn.function.node.defaultChild as CfnElement);
}

/** The logical id of a declared function's `live` alias, which every trigger invokes. */
function aliasLogicalId(name: string): string {
  const fn = fleetFunction(name);
  return moduleStack(synthesised, moduleOf(name).name).getLogicalId(fn.alias.node.defaultChild as CfnElement);
}

function functionProperties(name: string): Record<string, unknown> {
  const found = resourcesOf(templateOf(name), 'AWS::Lambda::Function').find(([id]) => id === functionLogicalId(name));
  if (!found) throw new Error(`no Lambda for ${name}`);
  return found[1].Properties ?? {};
}

/** The resources of one type across every module stack. */
function moduleResourcesOf(type: string): ReturnType<typeof resourcesOf> {
  return moduleTemplates.flatMap((template) => resourcesOf(template, type));
}

const httpTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) =>
    t.kind === 'http'
      ? [
          {
            name: d.name,
            method: t.method,
            path: t.path,
            public: t.public === true,
            scoped: (t.scopes?.length ?? 0) > 0,
          },
        ]
      : [],
  ),
);
const scopedKeys = new Set(httpTriggers.filter((t) => t.scoped).map((t) => `${t.method} ${t.path}`));
const wsTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'websocket' ? [{ name: d.name, routeKey: t.routeKey }] : [])),
);
const eventTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) =>
    t.kind === 'event'
      ? [{ name: d.name, pattern: t.pattern, retryAttempts: t.retryAttempts, maxEventAgeSeconds: t.maxEventAgeSeconds }]
      : [],
  ),
);
/** `schedule` triggers are EventBridge rules too, with the same retry policy and DLQ (sweepSla). */
const scheduleTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ name: d.name, expression: t.expression }] : [])),
);
const streamTriggers = declarations.flatMap((d) =>
  d.triggers.flatMap((t) => (t.kind === 'stream' ? [{ name: d.name, trigger: t }] : [])),
);

/** Follows route → integration → Lambda alias in the function's module stack; returns the alias id. */
function routeTargetAlias(name: string, routeKey: string): string {
  const template = templateOf(name);
  const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route').filter(
    ([, r]) => r.Properties?.RouteKey === routeKey,
  );
  expect(routes).toHaveLength(1);
  const target = JSON.stringify(routes[0]?.[1].Properties?.Target);
  const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1];
  const integration = resourcesOf(template, 'AWS::ApiGatewayV2::Integration').find(([id]) => id === integrationId);
  const uri = JSON.stringify(integration?.[1].Properties?.IntegrationUri);
  const lambdaIds = resourcesOf(template, 'AWS::Lambda::Alias').map(([id]) => id);
  const found = lambdaIds.filter((id) => uri.includes(`"${id}"`));
  expect(found).toHaveLength(1);
  return found[0] as string;
}

describe('module stacks: functions', () => {
  it("creates one stack per module, holding exactly that module's functions", () => {
    const byModule = Object.fromEntries(stacks.modules.map((stack) => [stack.moduleName, [...stack.functions.keys()]]));
    for (const declaration of declarations)
      expect(byModule[moduleOf(declaration.name).name]).toContain(declaration.name);
    expect(stacks.modules.reduce((sum, stack) => sum + stack.functions.size, 0)).toBe(declarations.length);
    expect(stacks.modules.map((stack) => stack.stackName)).toContain('fleetops-dev-alerts');
    api.resourceCountIs('AWS::Lambda::Function', 0);
  });

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
  });

  it('gives every function its own log group with the stage retention', () => {
    for (const declaration of declarations) {
      const loggingConfig = functionProperties(declaration.name).LoggingConfig as { LogGroup: { Ref: string } };
      expect(resourcesOf(templateOf(declaration.name), 'AWS::Logs::LogGroup').map(([id]) => id)).toContain(
        loggingConfig.LogGroup.Ref,
      );
    }
    for (const [, group] of moduleResourcesOf('AWS::Logs::LogGroup')) expect(group.Properties?.RetentionInDays).toBe(7);
  });

  it('sets each table binding as its env var with the table name', () => {
    for (const declaration of declarations) {
      const variables = (functionProperties(declaration.name).Environment as { Variables: Record<string, unknown> })
        .Variables;
      for (const binding of Object.values(declaration.bindings)) {
        if (binding.kind === 'table') expect(variables[binding.table.envVar]).toBe(`fleetops-dev-${binding.table.id}`);
      }
    }
  });

  it('grants read-only bindings no write action', () => {
    // listAlerts binds alerts read-only
    const role = (functionProperties('listAlerts').Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = resourcesOf(templateOf('listAlerts'), 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties?.Roles).includes(role),
    );
    // Only the alerts table's statements: the rate-limit table is read-write for every HTTP function (ADR 0114).
    const statements = policies
      .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: { Resource?: unknown }[] }).Statement)
      .filter((statement) => JSON.stringify(statement.Resource ?? '').includes(':table/fleetops-dev-alerts'));
    const actions = JSON.stringify(statements);
    expect(statements.length).toBeGreaterThan(0);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
  });

  it('lets an HTTP function write only rate-limit buckets, not the plan settings of the same table', () => {
    // listAlerts binds rateLimits (every user-facing HTTP function does, ADR 0114).
    const role = (functionProperties('listAlerts').Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resourcesOf(templateOf('listAlerts'), 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties?.Roles).includes(role))
      .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
      .filter((statement) => JSON.stringify(statement.Resource ?? '').includes(':table/fleetops-dev-rateLimits'));
    const writes = statements.filter((statement) =>
      [statement.Action].flat().some((action) => /dynamodb:(Put|Update|Delete|BatchWrite)Item/.test(String(action))),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [BUCKET_KEY_PATTERN] },
    });
    // Reads stay table-wide (the settings are read once a minute).
    expect(JSON.stringify(statements)).toContain('dynamodb:GetItem');
  });

  it('wires bus, websocket, auth, search and SMS bindings to env vars and grants', () => {
    const variables = (name: string) =>
      (functionProperties(name).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables('publishReadings')[ENV.eventBusName]).toBeDefined();
    expect(JSON.stringify(variables('pushAlertUpdates')[ENV.websocketEndpoint])).toContain('execute-api');
    expect(variables('wsAuthorize')).toMatchObject({
      [ENV.jwtIssuer]: expect.anything(),
      [ENV.jwtAudience]: expect.anything(),
      [ENV.jwksUrl]: expect.anything(),
    });
    expect(JSON.stringify(variables('indexAlerts')[ENV.searchEndpoint])).toContain('https://');
    templateOf('publishReadings').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'events:PutEvents' })]) },
    });
    templateOf('pushAlertUpdates').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'execute-api:ManageConnections' })]),
      },
    });
    templateOf('textOnCall').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Resource: '*' })]) },
    });
  });

  it('gives the ml layer only to the module whose function binds a model', () => {
    const withModels = new Set(
      declarations
        .filter((d) => Object.values(d.bindings).some((b) => b.kind === 'model'))
        .map((d) => moduleOf(d.name).name),
    );
    for (const stack of stacks.modules) expect(stack.mlLayer !== undefined).toBe(withModels.has(stack.moduleName));
  });
});

describe('module stacks: deployments', () => {
  it('invokes every function through its live alias on the current version', () => {
    for (const declaration of declarations) {
      templateOf(declaration.name).hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        FunctionName: { Ref: functionLogicalId(declaration.name) },
        FunctionVersion: Match.anyValue(),
      });
    }
  });

  it('deploys all at once in dev (prod shifts traffic by canary, see nag.test.ts)', () => {
    expect(moduleResourcesOf('AWS::CodeDeploy::DeploymentGroup')).toHaveLength(0);
  });
});

describe('module stacks: search access', () => {
  const search = templateOf('indexAlerts');

  it('maps the roles of search-bound functions to fleetops-* indices, assuming the master role', () => {
    const searchBound = declarations
      .filter((d) => Object.values(d.bindings).some((b) => b.kind === 'search'))
      .map((d) => d.name);
    const roleIds = searchBound.map(
      (name) => (functionProperties(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
    );
    search.hasResourceProperties('Custom::SearchRoleMapping', {
      BackendRoles: roleIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
      Endpoint: Match.anyValue(),
      MasterRoleArn: { 'Fn::ImportValue': Match.stringLikeRegexp('SearchAdminRole') },
      IndexPatterns: ['fleetops-*'],
      HandlerHash: Match.stringLikeRegexp('^[0-9a-f]{16}$'),
    });
    const searchStack = stacks.modules.find((stack) => stack.searchRoleMapping !== undefined);
    const mapping = searchStack?.searchRoleMapping;
    if (!searchStack || !mapping) throw new Error('no search role mapping');
    const roleId = searchStack.getLogicalId(mapping.role.node.defaultChild as CfnElement);
    search.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'fleetops-dev-search-role-mapping',
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    search.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', ['fleetops-dev-search-role-mapping-', { Ref: 'AWS::Region' }]] },
    });
    search.hasResourceProperties('AWS::IAM::Policy', {
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
    expect(moduleResourcesOf('Custom::SearchRoleMapping')).toHaveLength(1);
  });

  it('starts the indexAlerts stream mapping only after the role mapping exists (no early 403)', () => {
    const [mappingId] = resourcesOf(search, 'Custom::SearchRoleMapping')[0] ?? [];
    const streams = resourcesOf(search, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
      JSON.stringify(m.Properties?.FunctionName).includes(aliasLogicalId('indexAlerts')),
    );
    expect(streams).toHaveLength(1);
    expect(streams[0]?.[1].DependsOn).toContain(mappingId);
  });
});

describe('api stack: HTTP API', () => {
  it('holds the shared APIs and no function, route or rule', () => {
    for (const type of ['AWS::Lambda::Function', 'AWS::ApiGatewayV2::Route', 'AWS::Events::Rule']) {
      api.resourceCountIs(type, 0);
    }
  });

  it('publishes the API ids, the authorizer id and the stage name as fixed-name SSM parameters', () => {
    for (const name of Object.values(stacks.api.parameterNames)) {
      expect(name).toMatch(/^\/fleetops\/dev\/api\//);
      api.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String' });
    }
  });

  it('has one Cognito JWT authorizer, which protects every HTTP route but the public and the scoped ones', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    // HTTP route keys are `METHOD /path`; WebSocket ones are `$connect`, … or an action (`subscribe`).
    const httpRoutes = moduleResourcesOf('AWS::ApiGatewayV2::Route').filter(([, r]) =>
      /^(GET|POST|PUT|PATCH|DELETE) \//.test(String(r.Properties?.RouteKey)),
    );
    expect(httpRoutes).toHaveLength(httpTriggers.length);
    const publicKeys = new Set(httpTriggers.filter((t) => t.public).map((t) => `${t.method} ${t.path}`));
    expect(publicKeys).toEqual(new Set(['POST /v1/webhooks/inbound/{partnerId}', 'GET /v1/openapi.json']));
    for (const [, route] of httpRoutes) {
      if (publicKeys.has(String(route.Properties?.RouteKey))) {
        expect(route.Properties?.AuthorizationType).toBe('NONE');
        continue;
      }
      // Scoped routes take API keys too: the Lambda authorizer (ADR 0108).
      expect(route.Properties?.AuthorizationType).toBe(
        scopedKeys.has(String(route.Properties?.RouteKey)) ? 'CUSTOM' : 'JWT',
      );
      // API and authorizer ids come from SSM parameters (resolved at deploy) or the stack's own authorizer, never an export.
      expect(JSON.stringify(route.Properties?.ApiId)).toMatch(/"Ref":"SsmParameterValue/);
      expect(JSON.stringify(route.Properties?.AuthorizerId)).toMatch(
        /"Ref":"(SsmParameterValue|[A-Za-z0-9]*HttpLambdaAuthorizer)/,
      );
    }
  });

  it('has one Lambda authorizer of the scoped routes: simple responses, no cache, published in SSM', () => {
    // The WebSocket API's $connect authorizer has no payload format version; an HTTP API's has.
    const authorizers = moduleResourcesOf('AWS::ApiGatewayV2::Authorizer').filter(
      ([, r]) => r.Properties?.AuthorizerPayloadFormatVersion !== undefined,
    );
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.[1].Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 0,
    });
    expect(scopedKeys.size).toBeGreaterThan(10);
    const parameters = moduleResourcesOf('AWS::SSM::Parameter').map(([, r]) => String(r.Properties?.Name));
    expect(parameters).toContain('/fleetops/dev/api/http-lambda-authorizer-id');
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

describe('no module stack imports an export', () => {
  it.each(
    stacks.modules.map((stack) => stack.moduleName),
  )('%s reads nothing of the API stack by Fn::ImportValue', (name) => {
    const imports = JSON.stringify(templates.modules.get(name)?.toJSON()).match(/"Fn::ImportValue":"[^"]+"/g) ?? [];
    expect(imports.filter((i) => i.includes('fleetops-dev-api'))).toEqual([]);
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

  it("authorises $connect with the realtime module's Lambda REQUEST authorizer reading ?token=", () => {
    const realtime = templateOf('wsAuthorize');
    realtime.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    realtime.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: Match.anyValue(),
    });
  });
});

describe('module stacks: asynchronous paths', () => {
  it('gives every event and schedule rule a retry policy and its own encrypted, TLS-only DLQ', () => {
    const rules = moduleResourcesOf('AWS::Events::Rule');
    expect(scheduleTriggers.length).toBeGreaterThan(0);
    expect(rules).toHaveLength(eventTriggers.length + scheduleTriggers.length);
    for (const [, rule] of rules) {
      const [target] = (rule.Properties?.Targets ?? []) as Record<string, unknown>[];
      // The description starts with the function's name; its trigger may override the defaults.
      const trigger = eventTriggers.find((t) => String(rule.Properties?.Description).startsWith(`${t.name}:`));
      expect(target).toMatchObject({
        RetryPolicy: {
          MaximumRetryAttempts: trigger?.retryAttempts ?? 4,
          MaximumEventAgeInSeconds: trigger?.maxEventAgeSeconds ?? 3600,
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      });
    }
    for (const [, queue] of moduleResourcesOf('AWS::SQS::Queue')) {
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    }
    templateOf('evaluateAlerts').hasResourceProperties('AWS::SQS::QueuePolicy', {
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
    const configs = moduleResourcesOf('AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(asyncFunctions.length);
    for (const [, config] of configs) {
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
  });

  it('consumes declared streams with bisect-on-error, retries and an SQS on-failure destination', () => {
    expect(moduleResourcesOf('AWS::Lambda::EventSourceMapping')).toHaveLength(streamTriggers.length);
    for (const { name, trigger } of streamTriggers) {
      templateOf(name).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: trigger.batchSize ?? 100,
        StartingPosition: trigger.startingPosition ?? 'LATEST',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: trigger.retryAttempts ?? 3,
        MaximumBatchingWindowInSeconds: trigger.maximumBatchingWindowSeconds
          ? trigger.maximumBatchingWindowSeconds
          : Match.absent(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    }
  });

  it('lists every DLQ of each module stack for the observability stack', () => {
    for (const stack of stacks.modules) {
      const queues = resourcesOf(templates.modules.get(stack.moduleName) as Template, 'AWS::SQS::Queue');
      expect(stack.deadLetterQueues).toHaveLength(queues.length);
    }
  });
});

describe('one wiring: every declaration appears in its module stack', () => {
  it.each(httpTriggers)('HTTP $method $path → $name', ({ name, method, path }) => {
    expect(routeTargetAlias(name, `${method} ${path}`)).toBe(aliasLogicalId(name));
  });

  it.each(wsTriggers)('WebSocket $routeKey → $name', ({ name, routeKey }) => {
    expect(routeTargetAlias(name, routeKey)).toBe(aliasLogicalId(name));
  });

  it.each(eventTriggers)('event rule → $name', ({ name, pattern }) => {
    templateOf(name).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: pattern.source, 'detail-type': pattern['detail-type'] }),
      Targets: [Match.objectLike({ Arn: { Ref: aliasLogicalId(name) } })],
    });
  });

  it.each(streamTriggers)('stream of $trigger.table.id → $name', ({ name }) => {
    // The mapping names the alias as `<function name>:live`, the name taken from the alias ARN.
    const mappings = resourcesOf(templateOf(name), 'AWS::Lambda::EventSourceMapping').map(([, m]) =>
      JSON.stringify(m.Properties?.FunctionName),
    );
    expect(mappings.filter((m) => m.includes(`"${aliasLogicalId(name)}"`) && m.includes(':live'))).toHaveLength(1);
  });
});
