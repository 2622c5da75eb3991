import { CfnOutput, CfnResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AuthorizerPayloadVersion,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  type IHttpRouteAuthorizer,
  type IWebSocketApi,
  WebSocketApi,
  WebSocketRoute,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern as CdkEventPattern, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  EventSourceMapping,
  FilterCriteria,
  FilterRule,
  FunctionUrlAuthType,
  InvokeMode,
  HttpMethod as LambdaHttpMethod,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Domain, type IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { TABLE_LIST } from '../../functions/modules/registry.js';
import {
  type EventTrigger,
  FUNCTION_DEFAULTS,
  type FunctionDeclaration,
  type ScheduleTrigger,
  type StreamingHttpTrigger,
  type StreamTrigger,
} from '../../functions/platform/wiring/declaration.js';
import type { EventPattern } from '../../functions/platform/wiring/events.js';
import type { FleetOpsModule } from '../../functions/platform/wiring/module.js';
import { type StageConfig, sourceMapsOf } from '../config/stages.js';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.js';
import { FleetFunction, modelsOf, type WebSocketStageRef } from '../constructs/fleet-function.js';
import { MlLayer } from '../constructs/ml-layer.js';
import { acknowledgeNag } from '../constructs/nag.js';
import { pascalCase, physicalName, searchRoleMappingFunctionName } from '../constructs/naming.js';
import { PlatformLayer } from '../constructs/platform-layer.js';
import { SearchRoleMapping } from '../constructs/search-role-mapping.js';
import type { ApiStack } from './api-stack.js';
import { MODULE_ALARMS_SUFFIX } from './module-alarms-stack.js';
import type { StatefulStack } from './stateful-stack.js';

/** CloudFormation's hard limit of resources in one template. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;

/** Props of {@link ModuleStack}. */
export interface ModuleStackProps extends StackProps {
  readonly config: StageConfig;
  /** Tables, bus, keys, user pool and search domain, referenced by fixed names and stable ARNs. */
  readonly stateful: StatefulStack;
  /** The shared APIs; read through the SSM parameters it publishes, never through its exports. */
  readonly api: ApiStack;
  /** The module whose functions this stack holds; it must declare at least one function. */
  readonly module: FleetOpsModule;
  /** Where declaration entries are resolved from. @default the repository root */
  readonly projectRoot?: string;
}

/** One EventBridge rule created from an `event` or `schedule` trigger. */
export interface DeclaredRule {
  readonly functionName: string;
  readonly rule: Rule;
  readonly deadLetterQueue: DeadLetterQueue;
}

/**
 * The stateless stack of one module (ADR 0052): its functions, their HTTP and WebSocket routes on
 * the shared APIs, EventBridge rules, stream mappings, DLQs, canary deployment groups, and the ml
 * layer and search role mapping when its functions need them. One stack per module keeps every
 * template far below CloudFormation's 500-resource limit as the product grows, and a change to
 * one module deploys only that module's stack.
 */
export class ModuleStack extends Stack {
  /** The module's name, as registered in `functions/modules/registry.ts`. */
  public readonly moduleName: string;
  /** The module's functions by declared name. */
  public readonly functions: ReadonlyMap<string, FleetFunction>;
  public readonly rules: readonly DeclaredRule[];
  /** Every DLQ of this stack (rule targets, async invocations, stream mappings), for alarms. */
  public readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** The ml layer, created only when one of the module's functions binds a model. */
  public readonly mlLayer?: MlLayer;
  /** Powertools and the X-Ray SDK, shared by every function of the stack (ADR 0054). */
  public readonly platformLayer: PlatformLayer;
  /** Maps this module's search-bound roles in OpenSearch; created only when one binds search. */
  public readonly searchRoleMapping?: SearchRoleMapping;

  private readonly rulesInProgress: DeclaredRule[] = [];
  private readonly dlqsInProgress: DeadLetterQueue[] = [];
  private readonly config: StageConfig;
  private readonly apiStack: ApiStack;
  private readonly parameters = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ModuleStackProps) {
    super(scope, id, props);
    const { config, stateful, api, module } = props;
    const declarations = module.functions;
    if (declarations.length === 0) {
      throw new Error(`ModuleStack ${id}: module '${module.name}' declares no function; it needs no stack`);
    }
    this.moduleName = module.name;
    this.config = config;
    this.apiStack = api;

    // The SSM parameters are read at deploy time, so CloudFormation cannot order the stacks by
    // itself: the explicit dependency makes the first deploy create the API stack first.
    this.addStackDependency(stateful);
    this.addStackDependency(api);
    this.node.addValidation({ validate: () => this.validateResourceCount() });

    // Only the models this module's functions bind: each model is up to ~11 MB of the layer.
    const models = [...new Set(declarations.flatMap(modelsOf))].sort();
    if (models.length > 0) this.mlLayer = new MlLayer(this, 'MlLayer', { projectRoot: props.projectRoot, models });
    this.platformLayer = PlatformLayer.of(this, { projectRoot: props.projectRoot });

    const tables = this.importTables(config.stage, stateful);
    const bindsSearch = declarations.some(bindsSearchDomain);
    const searchDomain = bindsSearch ? this.importSearchDomain(config.stage, stateful) : undefined;
    const bindsWebSocket = declarations.some((d) => Object.values(d.bindings).some((b) => b.kind === 'websocket'));

    // One CodeDeploy application per module: its name must be unique in the account and region.
    const canary = config.canaryDeployments
      ? {
          application: new LambdaApplication(this, 'Deployments', {
            applicationName: physicalName(config.stage, `${module.name}-functions`),
          }),
        }
      : undefined;

    // One schedule group per timer target: the function that schedules and the one that cancels share it.
    const timerGroups = new Map<string, ScheduleGroup>();
    const timerGroup = (target: { readonly source: string; readonly detailType: string }): ScheduleGroup => {
      const key = `${target.source}|${target.detailType}`;
      let group = timerGroups.get(key);
      if (!group) {
        const id = target.detailType.replace(/[^A-Za-z0-9]/g, '-');
        group = new ScheduleGroup(this, `Timers${timerGroups.size}`, {
          scheduleGroupName: `fleetops-${config.stage}-${id}`.slice(0, 64),
        });
        timerGroups.set(key, group);
      }
      return group;
    };
    const functions = new Map<string, FleetFunction>();
    for (const declaration of declarations) {
      const fleetFunction = new FleetFunction(this, pascalCase(declaration.name), {
        declaration,
        stage: config.stage,
        logLevel: config.logLevel,
        logRetention: config.logRetention,
        logRemovalPolicy: config.removalPolicy,
        projectRoot: props.projectRoot,
        sourceMaps: sourceMapsOf(config),
        canary,
        bindings: {
          tables,
          eventBus: stateful.eventBus,
          searchDomain,
          fieldKey: stateful.fieldKey,
          webSocketStage: bindsWebSocket ? this.webSocketStageRef() : undefined,
          auth: {
            issuer: stateful.identity.issuerUrl,
            audience: stateful.identity.webClient.userPoolClientId,
            jwksUrl: stateful.identity.jwksUrl,
          },
          tokenUrl: `${stateful.identity.domainUrl}/oauth2/token`,
          userPool: {
            userPoolId: stateful.identity.userPool.userPoolId,
            userPoolArn: stateful.identity.userPool.userPoolArn,
          },
          smsSenderId: config.smsSenderId,
          pushPlatformApplications: config.pushPlatformApplications,
          emailFromAddress: config.emailFromAddress,
          timerGroup,
          ...(this.mlLayer ? { mlLayer: this.mlLayer.layer } : {}),
          platformLayer: this.platformLayer.layer,
        },
      });
      functions.set(declaration.name, fleetFunction);
      if (fleetFunction.asyncFailureQueue) this.dlqsInProgress.push(fleetFunction.asyncFailureQueue);
      if (fleetFunction.timerFailureQueue) this.dlqsInProgress.push(fleetFunction.timerFailureQueue);
    }
    this.functions = functions;

    const searchRoles = [...functions.values()].filter((f) => bindsSearchDomain(f.declaration)).map((f) => f.role);
    if (searchRoles.length > 0) {
      this.searchRoleMapping = new SearchRoleMapping(this, 'SearchRoleMapping', {
        functionName: searchRoleMappingFunctionName(config.stage),
        searchAdminRoleArn: stateful.searchAdminRole.roleArn,
        endpoint: `https://${stateful.searchDomain.domainEndpoint}`,
        backendRoles: searchRoles,
        logRetention: config.logRetention,
        logRemovalPolicy: config.removalPolicy,
        projectRoot: props.projectRoot,
      });
    }

    // The $connect authorizer must exist before the $connect route that uses it.
    const authorizerDeclaration = declarations.find((d) => d.triggers.some((t) => t.kind === 'websocketAuthorizer'));
    const webSocketAuthorizer = authorizerDeclaration
      ? new WebSocketLambdaAuthorizer('WebSocketTokenAuthorizer', mustGet(functions, authorizerDeclaration).alias, {
          identitySource: ['route.request.querystring.token'],
        })
      : undefined;

    // The HTTP Lambda authorizer of scoped routes (ADR 0108), created before the routes that use it.
    const httpAuthorizerDeclaration = declarations.find((d) => d.triggers.some((t) => t.kind === 'httpAuthorizer'));
    if (httpAuthorizerDeclaration) this.createHttpLambdaAuthorizer(mustGet(functions, httpAuthorizerDeclaration));

    for (const declaration of declarations) {
      const fleetFunction = mustGet(functions, declaration);
      for (const [index, trigger] of declaration.triggers.entries()) {
        switch (trigger.kind) {
          case 'http': {
            const route = new HttpRoute(fleetFunction, `Http${index}Route`, {
              httpApi: this.httpApi(),
              routeKey: HttpRouteKey.with(trigger.path, HttpMethod[trigger.method]),
              integration: new HttpLambdaIntegration(`${fleetFunction.node.id}Http${index}`, fleetFunction.alias),
              // A public route authenticates the request itself (a webhook signature): no JWT in front.
              // A scoped route takes API keys too: the Lambda authorizer (ADR 0108); else the JWT one.
              authorizer: trigger.public
                ? new HttpNoneAuthorizer()
                : (trigger.scopes?.length ?? 0) > 0
                  ? this.lambdaAuthorizer()
                  : this.jwtAuthorizer(),
            });
            if (trigger.public) {
              acknowledgeNag(
                route,
                'AwsSolutions-APIG4',
                `${declaration.name} is a public route by declaration: its handler authenticates every request by the sender's signature over the raw body (publicHttpHandler); a JWT authorizer cannot, since webhook senders hold no user token.`,
              );
            }
            break;
          }
          case 'websocket': {
            const isConnect = trigger.routeKey === '$connect';
            if (isConnect && !webSocketAuthorizer) {
              throw new Error(
                `Module '${module.name}': ${declaration.name} declares $connect but the websocketAuthorizer function is in another module; both must be in the same module`,
              );
            }
            const route = new WebSocketRoute(fleetFunction, `Ws${index}Route`, {
              webSocketApi: this.webSocketApi(),
              routeKey: trigger.routeKey,
              integration: new WebSocketLambdaIntegration(`${fleetFunction.node.id}Ws${index}`, fleetFunction.alias),
              authorizer: isConnect ? webSocketAuthorizer : undefined,
            });
            if (!isConnect) {
              acknowledgeNag(
                route,
                'AwsSolutions-APIG4',
                'WebSocket routes other than $connect cannot have authorizers; $connect authorised the connection.',
              );
            }
            break;
          }
          case 'streamingHttp':
            this.addFunctionUrl(fleetFunction, trigger);
            break;
          case 'websocketAuthorizer':
            break; // bound above, on the $connect route
          case 'httpAuthorizer':
            break; // created above, bound to the scoped routes
          case 'event':
            this.addEventRule(fleetFunction, trigger, index, stateful);
            break;
          case 'schedule':
            this.addScheduleRule(fleetFunction, trigger, index);
            break;
          case 'stream':
            this.addStream(fleetFunction, trigger, index, tables);
            break;
        }
      }
    }
    this.rules = this.rulesInProgress;
    this.deadLetterQueues = this.dlqsInProgress;
  }

  /** An API stack identifier, read from its SSM parameter at deploy time (one CFN parameter each). */
  private apiParameter(name: string): string {
    let value = this.parameters.get(name);
    if (value === undefined) {
      value = StringParameter.valueForStringParameter(this, name);
      this.parameters.set(name, value);
    }
    return value;
  }

  private importedHttpApi?: IHttpApi;
  private httpApi(): IHttpApi {
    this.importedHttpApi ??= HttpApi.fromHttpApiAttributes(this, 'HttpApi', {
      httpApiId: this.apiParameter(this.apiStack.parameterNames.httpApiId),
    });
    return this.importedHttpApi;
  }

  private importedJwtAuthorizer?: IHttpRouteAuthorizer;
  private jwtAuthorizer(): IHttpRouteAuthorizer {
    this.importedJwtAuthorizer ??= HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'CognitoJwtAuthorizer', {
      authorizerId: this.apiParameter(this.apiStack.parameterNames.httpAuthorizerId),
      authorizerType: HttpAuthorizerType.JWT,
    });
    return this.importedJwtAuthorizer;
  }

  private httpLambdaAuthorizer?: IHttpRouteAuthorizer;
  /** The Lambda authorizer: this stack's own, or the owning module's, by its SSM parameter. */
  private lambdaAuthorizer(): IHttpRouteAuthorizer {
    this.httpLambdaAuthorizer ??= HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'HttpLambdaAuthorizer', {
      authorizerId: StringParameter.valueForStringParameter(this, httpLambdaAuthorizerParameterName(this.config.stage)),
      // A route names a Lambda authorizer's type as CUSTOM.
      authorizerType: 'CUSTOM',
    });
    return this.httpLambdaAuthorizer;
  }

  /**
   * A REQUEST authorizer with simple responses and no result cache (so no identity source is
   * required: a request may carry `x-api-key` or `Authorization`), invoking the function's alias;
   * its id is published for the module stacks whose routes declare scopes.
   */
  private createHttpLambdaAuthorizer(fleetFunction: FleetFunction): void {
    const authorizer = new HttpAuthorizer(fleetFunction, 'HttpLambdaAuthorizer', {
      httpApi: this.httpApi(),
      authorizerName: 'ScopedRoutesLambdaAuthorizer',
      type: HttpAuthorizerType.LAMBDA,
      identitySource: [],
      authorizerUri: `arn:${this.partition}:apigateway:${this.region}:lambda:path/2015-03-31/functions/${fleetFunction.alias.functionArn}/invocations`,
      enableSimpleResponses: true,
      payloadFormatVersion: AuthorizerPayloadVersion.VERSION_2_0,
      resultsCacheTtl: Duration.seconds(0),
    });
    fleetFunction.alias.addPermission('HttpApiInvokesAuthorizer', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: `arn:${this.partition}:execute-api:${this.region}:${this.account}:${this.httpApi().apiId}/authorizers/${authorizer.authorizerId}`,
    });
    this.httpLambdaAuthorizer = HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'OwnHttpLambdaAuthorizer', {
      authorizerId: authorizer.authorizerId,
      authorizerType: 'CUSTOM',
    });
    new StringParameter(fleetFunction, 'HttpLambdaAuthorizerIdParameter', {
      parameterName: httpLambdaAuthorizerParameterName(this.config.stage),
      stringValue: authorizer.authorizerId,
      description: 'fleetops: id of the HTTP API Lambda authorizer of scoped routes (API keys and user tokens)',
    });
  }

  private importedWebSocketApi?: IWebSocketApi;
  private webSocketApi(): IWebSocketApi {
    this.importedWebSocketApi ??= WebSocketApi.fromWebSocketApiAttributes(this, 'WebSocketApi', {
      webSocketId: this.apiParameter(this.apiStack.parameterNames.webSocketApiId),
    });
    return this.importedWebSocketApi;
  }

  private webSocketStageRef(): WebSocketStageRef {
    const apiId = this.webSocketApi().apiId;
    const stageName = this.apiParameter(this.apiStack.parameterNames.webSocketStageName);
    return {
      apiId,
      stageName,
      callbackUrl: `https://${apiId}.execute-api.${this.region}.${this.urlSuffix}/${stageName}`,
    };
  }

  /** Tables by their fixed names (ADR 0010); only a stream ARN comes from the stateful stack. */
  private importTables(stage: string, stateful: StatefulStack): Record<string, ITable> {
    const tables: Record<string, ITable> = {};
    for (const def of TABLE_LIST) {
      tables[def.id] = Table.fromTableAttributes(this, `${pascalCase(def.id)}TableRef`, {
        tableName: physicalName(stage, def.id),
        tableStreamArn: def.stream ? stateful.tables[def.id]?.tableStreamArn : undefined,
        encryptionKey: stateful.storageKey,
        globalIndexes: def.globalSecondaryIndexes?.map((index) => index.indexName),
      });
    }
    return tables;
  }

  /** The domain ARN is built from its fixed name, here, so the grant's nag finding is predictable. */
  private importSearchDomain(stage: string, stateful: StatefulStack): IDomain {
    return Domain.fromDomainAttributes(this, 'SearchDomainRef', {
      domainArn: this.formatArn({ service: 'es', resource: 'domain', resourceName: physicalName(stage, 'search') }),
      domainEndpoint: stateful.searchDomain.domainEndpoint,
    });
  }

  /**
   * A `streamingHttp` route (ADR 0075): API Gateway HTTP APIs buffer responses, so the function is
   * reached through a Lambda function URL on its live alias in RESPONSE_STREAM mode. Auth type
   * NONE: the handler verifies the Cognito token itself, with the same verifier as the WebSocket
   * authorizer. The URL is published at a fixed-name SSM parameter for the PWA's configuration.
   */
  private addFunctionUrl(fleetFunction: FleetFunction, trigger: StreamingHttpTrigger): void {
    const name = fleetFunction.declaration.name;
    if (!Object.values(fleetFunction.declaration.bindings).some((binding) => binding.kind === 'tokens')) {
      throw new Error(`${name}: a streamingHttp route has no JWT authorizer in front; the function must bind tokens`);
    }
    const url = fleetFunction.alias.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
      cors: {
        allowedOrigins: [...this.config.corsAllowOrigins],
        allowedMethods: [LambdaHttpMethod[trigger.method]],
        allowedHeaders: ['authorization', 'last-event-id', 'cache-control'],
        maxAge: Duration.minutes(10),
      },
    });
    new StringParameter(fleetFunction, 'FunctionUrlParameter', {
      parameterName: functionUrlParameterName(this.config.stage, name),
      stringValue: url.url,
      description: `fleetops: function URL serving ${trigger.method} ${trigger.path} (response streaming)`,
    });
    new CfnOutput(fleetFunction, 'FunctionUrl', {
      value: url.url,
      description: `${trigger.method} ${trigger.path} is served at this URL + ${trigger.path.slice(1)}`,
    });
  }

  private addEventRule(fleetFunction: FleetFunction, trigger: EventTrigger, index: number, stateful: StatefulStack) {
    const name = fleetFunction.declaration.name;
    const rule = new Rule(fleetFunction, `Rule${index}`, {
      eventBus: stateful.eventBus,
      eventPattern: toCdkEventPattern(trigger.pattern),
      description: `${name}: ${JSON.stringify(trigger.pattern)}`.slice(0, 512),
    });
    this.addRuleTarget(fleetFunction, rule, trigger.retryAttempts, trigger.maxEventAgeSeconds);
  }

  private addScheduleRule(fleetFunction: FleetFunction, trigger: ScheduleTrigger, index: number) {
    const rule = new Rule(fleetFunction, `Schedule${index}`, {
      schedule: Schedule.expression(trigger.expression),
      description: `${fleetFunction.declaration.name}: ${trigger.expression}`,
    });
    this.addRuleTarget(fleetFunction, rule);
  }

  private addRuleTarget(
    fleetFunction: FleetFunction,
    rule: Rule,
    retryAttempts: number = FUNCTION_DEFAULTS.event.retryAttempts,
    maxEventAgeSeconds: number = FUNCTION_DEFAULTS.event.maxEventAgeSeconds,
  ): void {
    const name = fleetFunction.declaration.name;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(`${name}: event trigger retryAttempts must be an integer 0–185, got ${retryAttempts}`);
    }
    if (maxEventAgeSeconds < 60 || maxEventAgeSeconds > 86_400) {
      throw new Error(`${name}: event trigger maxEventAgeSeconds must be 60–86400, got ${maxEventAgeSeconds}`);
    }
    const dlq = new DeadLetterQueue(fleetFunction, `${rule.node.id}Dlq`, {
      purpose: `${name}: events the rule could not deliver`,
    });
    rule.addTarget(
      new LambdaFunction(fleetFunction.alias, {
        deadLetterQueue: dlq.queue,
        retryAttempts,
        maxEventAge: Duration.seconds(maxEventAgeSeconds),
      }),
    );
    this.rulesInProgress.push({ functionName: name, rule, deadLetterQueue: dlq });
    this.dlqsInProgress.push(dlq);
  }

  private addStream(
    fleetFunction: FleetFunction,
    trigger: StreamTrigger,
    index: number,
    tables: Readonly<Record<string, ITable>>,
  ) {
    const name = fleetFunction.declaration.name;
    const table = tables[trigger.table.id];
    if (!trigger.table.stream || !table) {
      throw new Error(
        `${name}: consumes the stream of table '${trigger.table.id}', whose definition declares no stream`,
      );
    }
    const batchSize = trigger.batchSize ?? FUNCTION_DEFAULTS.stream.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new Error(`${name}: stream batchSize must be an integer 1–10000, got ${batchSize}`);
    }
    const window = trigger.maximumBatchingWindowSeconds ?? FUNCTION_DEFAULTS.stream.maximumBatchingWindowSeconds;
    if (!Number.isInteger(window) || window < 0 || window > 300) {
      throw new Error(`${name}: stream maximumBatchingWindowSeconds must be an integer 0–300, got ${window}`);
    }
    const dlq = new DeadLetterQueue(fleetFunction, `Stream${index}Failures`, {
      purpose: `${name}: ${trigger.table.id} stream batches that kept failing`,
    });
    const before = new Set(fleetFunction.alias.node.children);
    fleetFunction.alias.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition[trigger.startingPosition ?? FUNCTION_DEFAULTS.stream.startingPosition],
        batchSize,
        ...(window > 0 ? { maxBatchingWindow: Duration.seconds(window) } : {}),
        bisectBatchOnError: true,
        retryAttempts: trigger.retryAttempts ?? FUNCTION_DEFAULTS.stream.retryAttempts,
        ...(trigger.eventNames
          ? { filters: [FilterCriteria.filter({ eventName: FilterRule.or(...trigger.eventNames) })] }
          : {}),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(dlq.queue),
      }),
    );
    // A search-bound consumer writes to the domain from its first batch; until its role is mapped
    // those writes get 403 and the batch is retried into the DLQ. The mapping starts only after
    // the role mapping custom resource has succeeded.
    if (this.searchRoleMapping && bindsSearchDomain(fleetFunction.declaration)) {
      const mapping = fleetFunction.alias.node.children.find(
        (child) => !before.has(child) && child instanceof EventSourceMapping,
      );
      if (!mapping) throw new Error(`${name}: the stream event source mapping was not found under its alias`);
      mapping.node.addDependency(this.searchRoleMapping.resource);
    }
    this.dlqsInProgress.push(dlq);
  }

  /** Fails the synth, naming the module, instead of the deploy failing after minutes. */
  private validateResourceCount(): string[] {
    const count = this.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === this).length;
    return count > CLOUDFORMATION_RESOURCE_LIMIT
      ? [
          `Module '${this.moduleName}' (${this.config.stage}) has ${count} CloudFormation resources, over the limit of ${CLOUDFORMATION_RESOURCE_LIMIT}: split it into smaller modules (ADR 0052)`,
        ]
      : [];
  }
}

/** The fixed-name SSM parameter holding the function URL of a `streamingHttp` function. */
export function functionUrlParameterName(stage: string, functionName: string): string {
  return `/fleetops/${stage}/function-urls/${functionName}`;
}

function bindsSearchDomain(declaration: FunctionDeclaration): boolean {
  return Object.values(declaration.bindings).some((binding) => binding.kind === 'search');
}

/** Stack name suffixes of the shared stacks; a module stack is named `fleetops-{stage}-{module}`. */
const RESERVED_STACK_NAMES: readonly string[] = ['stateful', 'api', 'web', 'observability'];

/**
 * Validates the modules as a whole: what one module stack cannot see on its own. Routes and names
 * must be unique across modules (they share the APIs); the search role mapping is one PUT of the
 * stage's backend roles, so only one module may bind search; `$connect` and its authorizer must be
 * in one module, so the route and the authorizer it names are in one template.
 */
export function validateModules(modules: readonly FleetOpsModule[]): void {
  const names = new Set<string>();
  for (const module of modules) {
    if (RESERVED_STACK_NAMES.includes(module.name)) {
      throw new Error(`Module name '${module.name}' is taken by a shared stack (${RESERVED_STACK_NAMES.join(', ')})`);
    }
    if (module.name.endsWith(MODULE_ALARMS_SUFFIX)) {
      // `fleetops-{stage}-x-alarms` is module x's alarms stack (ADR 0112).
      throw new Error(
        `Module name '${module.name}' ends in '${MODULE_ALARMS_SUFFIX}', the suffix of a module's alarms stack`,
      );
    }
    if (names.has(module.name)) throw new Error(`Module '${module.name}' is registered twice`);
    names.add(module.name);
  }
  validateWiring(modules.flatMap((module) => module.functions));
  const searchModules = modules.filter((module) => module.functions.some(bindsSearchDomain)).map((m) => m.name);
  if (searchModules.length > 1) {
    throw new Error(
      `Modules ${searchModules.join(', ')} bind search, but the role mapping of a stage is owned by one module: bind search in one module only`,
    );
  }
  for (const module of modules) {
    const triggers = module.functions.flatMap((f) => f.triggers);
    const connect = triggers.some((t) => t.kind === 'websocket' && t.routeKey === '$connect');
    const authorizer = triggers.some((t) => t.kind === 'websocketAuthorizer');
    if (connect !== authorizer) {
      throw new Error(
        `Module '${module.name}': the $connect route and the websocketAuthorizer function must be declared in the same module`,
      );
    }
  }
}

/** Validates the declaration list as a whole: what one declaration cannot see on its own. */
export function validateWiring(declarations: readonly FunctionDeclaration[]): void {
  const names = new Set<string>();
  const httpRoutes = new Set<string>();
  const wsRoutes = new Set<string>();
  let authorizers = 0;
  let httpAuthorizers = 0;
  let scopedRoutes = 0;
  for (const d of declarations) {
    if (names.has(d.name)) throw new Error(`Function '${d.name}' is declared twice`);
    names.add(d.name);
    for (const t of d.triggers) {
      if (t.kind === 'http') {
        const key = `${t.method} ${t.path}`;
        if (httpRoutes.has(key)) throw new Error(`HTTP route ${key} is declared twice (last by ${d.name})`);
        if (!t.path.startsWith('/')) throw new Error(`${d.name}: HTTP path '${t.path}' must start with '/'`);
        // A public route authenticates requests itself and names no role; any other route needs one.
        if (t.public && t.roles.length > 0) throw new Error(`${d.name}: public HTTP route ${key} names roles`);
        if (!t.public && t.roles.length === 0) throw new Error(`${d.name}: HTTP route ${key} allows no role`);
        httpRoutes.add(key);
      } else if (t.kind === 'streamingHttp') {
        const key = `${t.method} ${t.path}`;
        if (httpRoutes.has(key)) throw new Error(`HTTP route ${key} is declared twice (last by ${d.name})`);
        if (t.roles.length === 0) throw new Error(`${d.name}: streaming route ${key} allows no role`);
        if (d.triggers.filter((other) => other.kind === 'streamingHttp').length > 1) {
          throw new Error(`${d.name}: a function has one function URL, so at most one streamingHttp trigger`);
        }
        httpRoutes.add(key);
      } else if (t.kind === 'websocket') {
        if (wsRoutes.has(t.routeKey)) throw new Error(`WebSocket route ${t.routeKey} is declared twice`);
        wsRoutes.add(t.routeKey);
      } else if (t.kind === 'websocketAuthorizer') {
        authorizers += 1;
      } else if (t.kind === 'httpAuthorizer') {
        httpAuthorizers += 1;
      }
      if (t.kind === 'http' && (t.scopes?.length ?? 0) > 0) scopedRoutes += 1;
    }
  }
  if (authorizers > 1) throw new Error('More than one function declares the websocketAuthorizer trigger');
  if (httpAuthorizers > 1) throw new Error('More than one function declares the httpAuthorizer trigger');
  if (scopedRoutes > 0 && httpAuthorizers === 0) {
    throw new Error('HTTP routes declare scopes but no function declares the httpAuthorizer trigger');
  }
  if (wsRoutes.has('$connect') && authorizers === 0) {
    throw new Error('A $connect route is declared but no function declares the websocketAuthorizer trigger');
  }
}

/** The declaration's pattern (EventBridge JSON keys) as CDK's EventPattern (camelCase keys). */
export function toCdkEventPattern(pattern: EventPattern): CdkEventPattern {
  return {
    source: pattern.source ? [...pattern.source] : undefined,
    detailType: pattern['detail-type'] ? [...pattern['detail-type']] : undefined,
    detail: pattern.detail ? { ...pattern.detail } : undefined,
  };
}

function mustGet(functions: ReadonlyMap<string, FleetFunction>, declaration: FunctionDeclaration): FleetFunction {
  const found = functions.get(declaration.name);
  if (!found) throw new Error(`No function was created for declaration ${declaration.name}`);
  return found;
}

/** The SSM parameter naming the HTTP API's Lambda authorizer of scoped routes (ADR 0108). */
export function httpLambdaAuthorizerParameterName(stage: string): string {
  return `/fleetops/${stage}/api/http-lambda-authorizer-id`;
}

/** Whether a module declares the HTTP Lambda authorizer; whether it has routes that need it. */
export function httpAuthorizerUse(module: FleetOpsModule): { readonly owns: boolean; readonly needs: boolean } {
  const triggers = module.functions.flatMap((f) => f.triggers);
  return {
    owns: triggers.some((t) => t.kind === 'httpAuthorizer'),
    needs: triggers.some((t) => t.kind === 'http' && !t.public && (t.scopes?.length ?? 0) > 0),
  };
}
