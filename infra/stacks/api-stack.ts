import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern as CdkEventPattern, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Domain } from 'aws-cdk-lib/aws-opensearchservice';
import type { Construct } from 'constructs';
import type {
  EventTrigger,
  FunctionDeclaration,
  ScheduleTrigger,
  StreamTrigger,
} from '../../functions/wiring/declaration.js';
import type { EventPattern } from '../../functions/wiring/events.js';
import { FUNCTIONS } from '../../functions/wiring/functions.js';
import { TABLE_LIST, TABLES, type TableId } from '../../functions/wiring/tables.js';
import type { StageConfig } from '../config/stages.js';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.js';
import { FleetFunction } from '../constructs/fleet-function.js';
import { MlLayer } from '../constructs/ml-layer.js';
import { acknowledgeNag } from '../constructs/nag.js';
import { pascalCase, physicalName, searchRoleMappingFunctionName } from '../constructs/naming.js';
import { SearchRoleMapping } from '../constructs/search-role-mapping.js';
import type { StatefulStack } from './stateful-stack.js';

/** Props of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  /** The functions to create. @default FUNCTIONS, the single declaration list */
  readonly declarations?: readonly FunctionDeclaration[];
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
 * The stateless half (ADR 0010): the HTTP and WebSocket APIs and every declared function with its
 * routes, rules and stream mappings. Built only from the declarations in `functions/wiring`.
 */
export class ApiStack extends Stack {
  public readonly httpApi: HttpApi;
  public readonly httpStage: HttpStage;
  public readonly webSocketApi: WebSocketApi;
  public readonly webSocketStage: WebSocketStage;
  /** Every declared function by its declared name. */
  public readonly functions: ReadonlyMap<string, FleetFunction>;
  public readonly rules: readonly DeclaredRule[];
  /** Every DLQ of this stack (rule targets, async invocations, stream mappings), for alarms. */
  public readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** The ml layer, created only when a declaration asks for it. */
  public readonly mlLayer?: MlLayer;
  /** Maps search-bound function roles in OpenSearch; created only when a declaration binds search. */
  public readonly searchRoleMapping?: SearchRoleMapping;

  private readonly rulesInProgress: DeclaredRule[] = [];
  private readonly dlqsInProgress: DeadLetterQueue[] = [];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const declarations: readonly FunctionDeclaration[] = props.declarations ?? FUNCTIONS;
    validateWiring(declarations);

    // HTTP API: a JWT authorizer on the user pool, audience = the PWA client (ADR 0011).
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `fleetops ${config.stage} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.corsAllowOrigins],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
        ],
        maxAge: Duration.hours(1),
      },
    });
    this.httpStage = new HttpStage(this, 'HttpStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttling.rateLimit, burstLimit: config.throttling.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup('HttpApiAccessLogs', config)),
        format: AccessLogFormat.custom(JSON.stringify(HTTP_ACCESS_LOG_FIELDS)),
      },
    });
    const jwtAuthorizer = new HttpUserPoolAuthorizer('CognitoJwtAuthorizer', stateful.identity.userPool, {
      userPoolClients: [stateful.identity.webClient],
      identitySource: ['$request.header.Authorization'],
    });

    this.webSocketApi = new WebSocketApi(this, 'WebSocketApi', {
      description: `fleetops ${config.stage} WebSocket API`,
      routeSelectionExpression: '$request.body.action',
    });
    this.webSocketStage = new WebSocketStage(this, 'WebSocketStage', {
      webSocketApi: this.webSocketApi,
      stageName: config.stage,
      autoDeploy: true,
      throttle: { rateLimit: config.throttling.rateLimit, burstLimit: config.throttling.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup('WebSocketAccessLogs', config)),
        format: AccessLogFormat.custom(JSON.stringify(WEBSOCKET_ACCESS_LOG_FIELDS)),
      },
    });

    if (config.manageApiGatewayLoggingRole) this.manageApiGatewayLogging();

    if (declarations.some((d) => (d.layers ?? []).includes('ml'))) {
      this.mlLayer = new MlLayer(this, 'MlLayer', { projectRoot: props.projectRoot });
    }

    // Tables and the search domain by their fixed names (ADR 0010): ARNs built here, in this stack.
    this.addStackDependency(stateful);
    const tables = this.importTables(config.stage, stateful);
    const searchDomain = Domain.fromDomainAttributes(this, 'SearchDomainRef', {
      domainArn: this.formatArn({
        service: 'es',
        resource: 'domain',
        resourceName: physicalName(config.stage, 'search'),
      }),
      domainEndpoint: stateful.searchDomain.domainEndpoint,
    });

    // Canary deployments (C18): one CodeDeploy application, a deployment group per function.
    const canary = config.canaryDeployments
      ? {
          application: new LambdaApplication(this, 'Deployments', {
            applicationName: physicalName(config.stage, 'functions'),
          }),
        }
      : undefined;

    const functions = new Map<string, FleetFunction>();
    for (const declaration of declarations) {
      const fleetFunction = new FleetFunction(this, pascalCase(declaration.name), {
        declaration,
        stage: config.stage,
        logLevel: config.logLevel,
        logRetention: config.logRetention,
        logRemovalPolicy: config.removalPolicy,
        projectRoot: props.projectRoot,
        canary,
        bindings: {
          tables,
          eventBus: stateful.eventBus,
          dataKey: stateful.fieldKey,
          searchDomain,
          webSocketStage: this.webSocketStage,
          auth: {
            issuer: stateful.identity.issuerUrl,
            audience: stateful.identity.webClient.userPoolClientId,
            jwksUrl: stateful.identity.jwksUrl,
          },
          smsSenderId: config.smsSenderId,
          pushPlatformApplicationArn: config.pushPlatformApplicationArn,
          layers: this.mlLayer ? { ml: this.mlLayer.layer } : {},
        },
      });
      functions.set(declaration.name, fleetFunction);
      if (fleetFunction.asyncFailureQueue) this.dlqsInProgress.push(fleetFunction.asyncFailureQueue);
    }
    this.functions = functions;

    const searchRoles = [...functions.values()].filter((f) => f.declaration.bindings.search).map((f) => f.role);
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

    for (const declaration of declarations) {
      const fleetFunction = mustGet(functions, declaration);
      for (const [index, trigger] of declaration.triggers.entries()) {
        switch (trigger.kind) {
          case 'http':
            this.httpApi.addRoutes({
              path: trigger.path,
              methods: [HttpMethod[trigger.method]],
              integration: new HttpLambdaIntegration(`${fleetFunction.node.id}Http${index}`, fleetFunction.alias),
              authorizer: jwtAuthorizer,
            });
            break;
          case 'websocket':
            this.webSocketApi.addRoute(trigger.routeKey, {
              integration: new WebSocketLambdaIntegration(`${fleetFunction.node.id}Ws${index}`, fleetFunction.alias),
              authorizer: trigger.routeKey === '$connect' ? webSocketAuthorizer : undefined,
            });
            break;
          case 'websocketAuthorizer':
            break; // bound above, on the $connect route
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

    this.suppressRoutesWithoutAuthorizer();
    new CfnOutput(this, 'HttpApiUrl', { value: this.httpApi.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebSocketUrl', { value: this.webSocketStage.url, description: 'WebSocket URL (?token=…)' });
  }

  /**
   * WebSocket (unlike HTTP) APIs write access logs through the account-level API Gateway role.
   * The role is retained on delete so the account setting never points at a missing role.
   */
  private manageApiGatewayLogging(): void {
    const role = new Role(this, 'ApiGatewayLoggingRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledgeNag(
      role,
      'AwsSolutions-IAM4',
      'AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for the account-level API Gateway logging role.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
    );
    const account = new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    this.webSocketStage.node.addDependency(account);
  }

  private importTables(stage: string, stateful: StatefulStack): Record<TableId, ITable> {
    const tables: Partial<Record<TableId, ITable>> = {};
    for (const def of TABLE_LIST) {
      tables[def.id] = Table.fromTableAttributes(this, `${pascalCase(def.id)}TableRef`, {
        tableName: physicalName(stage, def.id),
        tableStreamArn: def.stream ? stateful.tables[def.id].tableStreamArn : undefined,
        encryptionKey: stateful.storageKey,
        globalIndexes: def.globalSecondaryIndexes?.map((index) => index.indexName),
      });
    }
    return tables as Record<TableId, ITable>;
  }

  private accessLogGroup(id: string, config: StageConfig): LogGroup {
    return new LogGroup(this, id, { retention: config.logRetention, removalPolicy: config.removalPolicy });
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

  private addRuleTarget(fleetFunction: FleetFunction, rule: Rule, retryAttempts = 4, maxEventAgeSeconds = 3600): void {
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
    tables: Readonly<Record<TableId, ITable>>,
  ) {
    const name = fleetFunction.declaration.name;
    if (!TABLES[trigger.table].stream) {
      throw new Error(`${name}: consumes the stream of table '${trigger.table}', whose definition declares no stream`);
    }
    const batchSize = trigger.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new Error(`${name}: stream batchSize must be an integer 1–10000, got ${batchSize}`);
    }
    const dlq = new DeadLetterQueue(fleetFunction, `Stream${index}Failures`, {
      purpose: `${name}: ${trigger.table} stream batches that kept failing`,
    });
    fleetFunction.alias.addEventSource(
      new DynamoEventSource(tables[trigger.table], {
        startingPosition: StartingPosition[trigger.startingPosition ?? 'LATEST'],
        batchSize,
        bisectBatchOnError: true,
        retryAttempts: trigger.retryAttempts ?? 3,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(dlq.queue),
      }),
    );
    this.dlqsInProgress.push(dlq);
  }

  /** Only `$connect` of a WebSocket API can carry an authorizer; the connection is already authorised. */
  private suppressRoutesWithoutAuthorizer(): void {
    for (const child of this.webSocketApi.node.findAll()) {
      if (child.node.id.endsWith('-Route') && !child.node.id.startsWith('$connect')) {
        acknowledgeNag(
          child,
          'AwsSolutions-APIG4',
          'WebSocket routes other than $connect cannot have authorizers; $connect authorised the connection.',
        );
      }
    }
  }
}

/** Validates the declaration list as a whole: what one declaration cannot see on its own. */
export function validateWiring(declarations: readonly FunctionDeclaration[]): void {
  const names = new Set<string>();
  const httpRoutes = new Set<string>();
  const wsRoutes = new Set<string>();
  let authorizers = 0;
  for (const d of declarations) {
    if (names.has(d.name)) throw new Error(`Function '${d.name}' is declared twice`);
    names.add(d.name);
    for (const t of d.triggers) {
      if (t.kind === 'http') {
        const key = `${t.method} ${t.path}`;
        if (httpRoutes.has(key)) throw new Error(`HTTP route ${key} is declared twice (last by ${d.name})`);
        if (!t.path.startsWith('/')) throw new Error(`${d.name}: HTTP path '${t.path}' must start with '/'`);
        if (t.roles.length === 0) throw new Error(`${d.name}: HTTP route ${key} allows no role`);
        httpRoutes.add(key);
      } else if (t.kind === 'websocket') {
        if (wsRoutes.has(t.routeKey)) throw new Error(`WebSocket route ${t.routeKey} is declared twice`);
        wsRoutes.add(t.routeKey);
      } else if (t.kind === 'websocketAuthorizer') {
        authorizers += 1;
      }
    }
  }
  if (authorizers > 1) throw new Error('More than one function declares the websocketAuthorizer trigger');
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

const HTTP_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userAgent: '$context.identity.userAgent',
};

const WEBSOCKET_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  integrationLatencyMs: '$context.integrationLatency',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
};
