import path from 'node:path';
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type ILambdaApplication, LambdaDeploymentConfig, LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Alias, Architecture, type ILayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { type IScheduleGroup, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/platform/runtime/basics.js';
import type {
  Binding,
  NotifierChannel,
  TableBinding,
  TimersBinding,
} from '../../functions/platform/wiring/bindings.js';
import { FUNCTION_DEFAULTS, type FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { ENV } from '../../functions/platform/wiring/environment.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { acknowledgeNag, nagResourceFinding } from './nag.js';
import { PLATFORM_LAYER_PACKAGES, PlatformLayer } from './platform-layer.js';
import { REPO_ROOT } from './repo-root.js';

export { METRICS_NAMESPACE };

/**
 * Packages every bundle leaves out: the SDK v3 the Node.js 22 runtime ships, onnxruntime-node
 * (native; only the ml layer has it, for functions with a model binding) and the platform layer's
 * packages (ADR 0054). tests/infra/bundles.test.ts bundles with this very list.
 */
export const BUNDLE_EXTERNAL_MODULES: readonly string[] = [
  '@aws-sdk/*',
  'onnxruntime-node',
  ...PLATFORM_LAYER_PACKAGES,
];

/** CommonJS dependencies inside an ESM bundle still call require(); the banner gives them one. */
export const BUNDLE_BANNER =
  "import { createRequire as __fleetopsRequire } from 'node:module'; const require = __fleetopsRequire(import.meta.url);";

/** The models a function's bindings run, which decide whether it gets the ml layer. */
export function modelsOf(declaration: FunctionDeclaration): string[] {
  return Object.values(declaration.bindings).flatMap((binding) => (binding.kind === 'model' ? binding.models : []));
}

/** The table bindings of a declaration. */
export function tableBindingsOf(declaration: FunctionDeclaration): TableBinding[] {
  return Object.values(declaration.bindings).filter((binding): binding is TableBinding => binding.kind === 'table');
}

function bindingsOf<K extends Binding['kind']>(
  declaration: FunctionDeclaration,
  kind: K,
): Extract<Binding, { kind: K }>[] {
  return Object.values(declaration.bindings).filter((b): b is Extract<Binding, { kind: K }> => b.kind === kind);
}

/**
 * A WebSocket stage by its identifiers. Not CDK's IWebSocketStage: an imported stage has no
 * callback URL, and a module stack knows the stage only by the ids the API stack publishes.
 */
export interface WebSocketStageRef {
  readonly apiId: string;
  readonly stageName: string;
  /** `https://{apiId}.execute-api.{region}.{urlSuffix}/{stageName}`: the management API endpoint. */
  readonly callbackUrl: string;
}

/** The resources bindings may point at. A binding to a resource that is absent fails the synth. */
export interface FleetBindingTargets {
  /** Tables by id. */
  readonly tables: Readonly<Record<string, ITable>>;
  readonly eventBus?: IEventBus;
  readonly searchDomain?: IDomain;
  /** The stage's field key, required by functions with a cipher binding. */
  readonly fieldKey?: IKey;
  /** The stage whose management API `websocket` bindings post to. */
  readonly webSocketStage?: WebSocketStageRef;
  /** Token verification settings for `auth: true`. */
  readonly auth?: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string };
  /** The absolute URL of the user pool domain's `/oauth2/token`, for a `tokenEndpoint` binding. */
  readonly tokenUrl?: string;
  /** The user pool whose partner app clients an `oauthClients` binding manages (docs/adr/0113). */
  readonly userPool?: { readonly userPoolId: string; readonly userPoolArn: string };
  /** @default - SMS_SENDER_ID is not set */
  readonly smsSenderId?: string;
  /** Required when a function binds the `push` channel: the stage's FCM and APNs platform applications. */
  readonly pushPlatformApplications?: { readonly fcm: string; readonly apns: string };
  /**
   * The schedule group of a timer target, shared by every function that binds that target (one
   * schedules, another cancels). @default - a group of the function's own
   */
  readonly timerGroup?: (target: TimersBinding['target']) => IScheduleGroup;
  /** Required when a function binds the e-mail channel: its SES-verified sender. */
  readonly emailFromAddress?: string;
  /** The ml layer, required by functions with a model binding. */
  readonly mlLayer?: ILayerVersion;
  /**
   * The platform layer with the packages of {@link BUNDLE_EXTERNAL_MODULES} that the runtime lacks.
   * @default - the stack's shared PlatformLayer (PlatformLayer.of)
   */
  readonly platformLayer?: ILayerVersion;
}

/** Props of {@link FleetFunction}. */
export interface FleetFunctionProps {
  /** The function's single declaration in its module's `handlers/` (listed by `functions/modules/registry.ts`). */
  readonly declaration: FunctionDeclaration;
  /** The resources its bindings point at. */
  readonly bindings: FleetBindingTargets;
  /** `STAGE` of the function. */
  readonly stage: string;
  readonly logRetention: RetentionDays;
  /** Powertools `LOG_LEVEL`. @default 'INFO' */
  readonly logLevel?: string;
  /** Removal policy of the function's log group. */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Where declaration entries are resolved from. @default the repository root */
  readonly projectRoot?: string;
  /**
   * Emit a source map and set `NODE_OPTIONS=--enable-source-maps`, so stack traces name the
   * TypeScript source. Off, neither: Node then never parses the map when an `Error.stack` is read
   * (a cold-start and per-error cost, ADR 0050). The stage config decides (`StageConfig.sourceMaps`).
   * @default true
   */
  readonly sourceMaps?: boolean;
  /**
   * Shift traffic to a new version 10 % first, for 5 minutes, and roll back if the alias errors.
   * @default - no canary: the `live` alias moves to the new version at once
   */
  readonly canary?: { readonly application: ILambdaApplication };
}

const ASYNC_TRIGGERS = new Set(['event', 'schedule']);

/**
 * A fleetops Lambda function built from its declaration, in the manner of Powertools' example
 * base function: Node.js 22 on arm64, bundled by local esbuild (minified, ESM, source maps where
 * the stage wants them), Powertools and the X-Ray SDK from the platform layer, X-Ray tracing, its own log group with retention, Powertools environment, and a role that holds
 * only what the declaration's bindings grant. Triggers are wired by the API stack, which owns the
 * APIs and rules; everything a function may *touch* is decided here.
 */
export class FleetFunction extends Construct {
  public readonly function: NodejsFunction;
  /**
   * The `live` alias on the current version. Every trigger invokes the alias, never `$LATEST`, so a
   * deployment can shift traffic gradually and roll back (C18).
   */
  public readonly alias: Alias;
  /** The canary deployment group, when the stage deploys by canary. */
  public readonly deploymentGroup?: LambdaDeploymentGroup;
  public readonly declaration: FunctionDeclaration;
  public readonly logGroup: LogGroup;
  public readonly role: Role;
  /** Where failed asynchronous invocations go, for functions invoked by rules. */
  public readonly asyncFailureQueue?: DeadLetterQueue;
  /** Timers whose event EventBridge Scheduler could not put on the bus, for functions with a timers binding. */
  public timerFailureQueue?: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: FleetFunctionProps) {
    super(scope, id);
    const decl = props.declaration;
    validateDeclaration(decl);
    this.declaration = decl;
    const projectRoot = props.projectRoot ?? REPO_ROOT;
    const usesMl = modelsOf(decl).length > 0;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `fleetops ${props.stage} ${decl.name}: only what its bindings declare`,
    });
    this.logGroup.grantWrite(this.role);

    const invokedAsynchronously = decl.triggers.some((t) => ASYNC_TRIGGERS.has(t.kind));
    if (invokedAsynchronously) {
      this.asyncFailureQueue = new DeadLetterQueue(this, 'AsyncFailures', {
        purpose: `${decl.name}: failed asynchronous invocations`,
      });
    }

    // Every function loads Powertools from the platform layer: its bundle leaves those packages out.
    const layers: ILayerVersion[] = [
      props.bindings.platformLayer ?? PlatformLayer.of(this, { projectRoot: props.projectRoot }).layer,
    ];
    if (usesMl) {
      if (!props.bindings.mlLayer)
        throw new Error(`FleetFunction ${decl.name}: binds a model but no ml layer was given`);
      layers.push(props.bindings.mlLayer);
    }

    const sourceMaps = props.sourceMaps ?? true;
    if (typeof sourceMaps !== 'boolean') {
      throw new Error(`FleetFunction ${decl.name}: sourceMaps must be true or false, got ${String(sourceMaps)}`);
    }
    this.function = new NodejsFunction(this, 'Function', {
      description: decl.description.slice(0, 256),
      entry: path.join(projectRoot, decl.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: decl.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      timeout: Duration.seconds(decl.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      layers,
      environment: {
        ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        POWERTOOLS_SERVICE_NAME: decl.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        [ENV.stage]: props.stage,
        ...(usesMl ? { [ENV.modelsDir]: '/opt/models' } : {}),
      },
      bundling: {
        minify: true,
        sourceMap: sourceMaps,
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: BUNDLE_BANNER,
        externalModules: [...BUNDLE_EXTERNAL_MODULES],
        tsconfig: path.join(projectRoot, 'tsconfig.json'),
        forceDockerBundling: false,
      },
    });

    // Asynchronous invocation settings belong to the qualifier that is invoked: the alias.
    this.alias = new Alias(this, 'LiveAlias', {
      aliasName: 'live',
      version: this.function.currentVersion,
      onFailure: this.asyncFailureQueue ? new SqsDestination(this.asyncFailureQueue.queue) : undefined,
      retryAttempts: invokedAsynchronously ? FUNCTION_DEFAULTS.asyncRetryAttempts : undefined,
    });
    if (props.canary) this.deploymentGroup = this.createCanary(props.canary.application);

    this.applyBindings(decl, props.bindings, props.stage);
    this.acknowledgeUnavoidableWildcards(decl, props.bindings);
  }

  private createCanary(application: ILambdaApplication): LambdaDeploymentGroup {
    // alias.metricErrors() is FunctionName + Resource, which sums the old and the new version while
    // traffic is split: 90 % of healthy old-version calls would hide (or a failing old version
    // would fake) the canary's errors. ExecutedVersion selects the version being deployed; it is
    // the version this template publishes, so the alarm follows every deployment.
    const newVersionErrors = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensionsMap: {
        FunctionName: this.function.functionName,
        Resource: `${this.function.functionName}:${this.alias.aliasName}`,
        ExecutedVersion: this.function.currentVersion.version,
      },
      period: Duration.minutes(1),
      statistic: 'Sum',
    });
    const aliasErrors = new Alarm(this, 'CanaryErrorsAlarm', {
      alarmDescription: `${this.declaration.name}: errors of the new version on the live alias during a deployment`,
      metric: newVersionErrors,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const group = new LambdaDeploymentGroup(this, 'Deployment', {
      application,
      alias: this.alias,
      deploymentConfig: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: [aliasErrors],
      autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
    });
    acknowledgeNag(
      group.role,
      'AwsSolutions-IAM4',
      'AWSCodeDeployRoleForLambdaLimited is the AWS policy for CodeDeploy shifting Lambda alias traffic.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited'],
    );
    return group;
  }

  private applyBindings(decl: FunctionDeclaration, targets: FleetBindingTargets, stage: string): void {
    const fn = this.function;
    for (const [name, binding] of Object.entries(decl.bindings)) {
      switch (binding.kind) {
        case 'table': {
          const table = targets.tables[binding.table.id];
          if (!table) {
            throw new Error(
              `FleetFunction ${decl.name}: binding '${name}' names table '${binding.table.id}', which the stateful stack lacks`,
            );
          }
          fn.addEnvironment(binding.table.envVar, table.tableName);
          if (binding.access === 'read') table.grantReadData(fn);
          else if (binding.writeKeys) grantKeyedWrites(fn, table, binding.writeKeys);
          else table.grantReadWriteData(fn);
          break;
        }
        case 'bus': {
          const bus = required(targets.eventBus, decl.name, name, 'an event bus');
          fn.addEnvironment(ENV.eventBusName, bus.eventBusName);
          bus.grantPutEventsTo(fn);
          break;
        }
        case 'websocket': {
          const stage = required(targets.webSocketStage, decl.name, name, 'a WebSocket stage');
          fn.addEnvironment(ENV.websocketEndpoint, stage.callbackUrl);
          // What WebSocketStage.grantManagementApiAccess grants, written out: an imported stage lacks it.
          this.role.addToPrincipalPolicy(
            new PolicyStatement({
              actions: ['execute-api:ManageConnections'],
              resources: [connectionsArn(this, stage)],
            }),
          );
          break;
        }
        case 'search': {
          const domain = required(targets.searchDomain, decl.name, name, 'an OpenSearch domain');
          fn.addEnvironment(ENV.searchEndpoint, `https://${domain.domainEndpoint}`);
          domain.grantReadWrite(fn);
          break;
        }
        case 'cipher': {
          const key = required(targets.fieldKey, decl.name, name, 'a field key');
          fn.addEnvironment(ENV.fieldKeyArn, key.keyArn);
          // Envelope encryption: a data key per value, unwrapped to read it. Nothing else of the key.
          key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
          break;
        }
        case 'tokens': {
          const auth = required(targets.auth, decl.name, name, 'a user pool');
          fn.addEnvironment(ENV.jwtIssuer, auth.issuer);
          fn.addEnvironment(ENV.jwtAudience, auth.audience);
          fn.addEnvironment(ENV.jwksUrl, auth.jwksUrl);
          break;
        }
        case 'oauthClients': {
          const pool = required(targets.userPool, decl.name, name, 'a user pool');
          fn.addEnvironment(ENV.userPoolId, pool.userPoolId);
          // Partner app clients only: create and delete, on this pool; nothing about its users.
          this.role.addToPrincipalPolicy(
            new PolicyStatement({
              actions: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
              resources: [pool.userPoolArn],
            }),
          );
          break;
        }
        case 'tokenEndpoint': {
          const tokenUrl = required(targets.tokenUrl, decl.name, name, 'a user pool domain');
          fn.addEnvironment(ENV.oauthTokenUrl, tokenUrl);
          break; // a URL to name in documents: no grant
        }
        case 'notifier':
          for (const channel of binding.channels) this.bindTopic(decl, channel, targets);
          break;
        case 'timers':
          this.bindTimers(decl, name, binding, targets, stage);
          break;
        case 'model':
          break; // the ml layer and MODELS_DIR, set above
        case 'egress':
          break; // outbound HTTPS to partners: no resource, no grant (the function is not in a VPC)
      }
    }
  }

  /**
   * Durable timers (ADR 0110): the target's schedule group, a role EventBridge Scheduler
   * assumes to put a fired timer on the bus (and to dead-letter it), and on the function's role
   * exactly create/update/delete of schedules in that group plus passing that one role.
   */
  private bindTimers(
    decl: FunctionDeclaration,
    name: string,
    binding: TimersBinding,
    targets: FleetBindingTargets,
    stage: string,
  ): void {
    if (this.timerFailureQueue) throw new Error(`FleetFunction ${decl.name}: declares more than one timers binding`);
    const bus = required(targets.eventBus, decl.name, name, 'an event bus');
    const stack = Stack.of(this);
    const group =
      targets.timerGroup?.(binding.target) ??
      new ScheduleGroup(this, 'Timers', { scheduleGroupName: `fleetops-${stage}-${decl.name}`.slice(0, 64) });
    const dlq = new DeadLetterQueue(this, 'TimerFailures', {
      purpose: `${decl.name}: timers EventBridge Scheduler could not put on the bus`,
    });
    this.timerFailureQueue = dlq;
    const schedulerRole = new Role(this, 'TimerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `fleetops ${stage} ${decl.name}: EventBridge Scheduler puts its fired timers on the bus`,
    });
    bus.grantPutEventsTo(schedulerRole);
    dlq.queue.grantSendMessages(schedulerRole);
    const fn = this.function;
    fn.addEnvironment(ENV.timerScheduleGroup, group.scheduleGroupName);
    fn.addEnvironment(ENV.timerRoleArn, schedulerRole.roleArn);
    fn.addEnvironment(ENV.timerEventBusArn, bus.eventBusArn);
    fn.addEnvironment(ENV.timerDeadLetterArn, dlq.queue.queueArn);
    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${group.scheduleGroupName}/*`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    schedulerRole.grantPassRole(this.role);
    acknowledgeNag(
      this.role,
      'AwsSolutions-IAM5',
      "Timer schedules are named at run time: the grant is the schedules of this function's one group.",
      [nagResourceFinding(this, schedules)],
    );
  }

  private bindTopic(decl: FunctionDeclaration, topic: NotifierChannel, targets: FleetBindingTargets): void {
    if (topic === 'sms') {
      if (targets.smsSenderId) this.function.addEnvironment(ENV.smsSenderId, targets.smsSenderId);
      // Publishing straight to a phone number has no resource ARN: SMS is sns:Publish on '*'.
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ sid: 'PublishSms', effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }),
      );
      acknowledgeNag(
        this.role,
        'AwsSolutions-IAM5',
        'SMS is sns:Publish with a PhoneNumber, which has no resource ARN (AWS documents Resource "*" for SMS).',
        ['Resource::*'],
      );
      return;
    }
    if (topic === 'email') {
      const from = targets.emailFromAddress;
      if (!from) {
        throw new Error(
          `FleetFunction ${decl.name}: binds the e-mail channel but the stage config has no emailFromAddress`,
        );
      }
      this.function.addEnvironment(ENV.emailFromAddress, from);
      // SES v2 SendEmail is authorised on the sender's identity: its domain, nothing else.
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: from.split('@')[1] }),
          ],
        }),
      );
      return;
    }
    if (topic === 'webpush') {
      // Web Push goes over HTTPS to the browsers' push services: no AWS grant; the VAPID contact
      // is the stage's notification sender (ADR 0076).
      const from = targets.emailFromAddress;
      if (!from) {
        throw new Error(
          `FleetFunction ${decl.name}: binds the webpush channel but the stage config has no emailFromAddress`,
        );
      }
      this.function.addEnvironment(ENV.vapidSubject, `mailto:${from}`);
      return;
    }
    const applications = targets.pushPlatformApplications;
    if (!applications) {
      throw new Error(
        `FleetFunction ${decl.name}: binds the push channel but the stage config has no pushPlatformApplications`,
      );
    }
    // `app/GCM/name` is a platform application of the stage's own account and region.
    const arnOf = (application: string) =>
      application.startsWith('arn:')
        ? application
        : Stack.of(this).formatArn({ service: 'sns', resource: application });
    const fcm = arnOf(applications.fcm);
    const apns = arnOf(applications.apns);
    this.function.addEnvironment(ENV.pushFcmApplicationArn, fcm);
    this.function.addEnvironment(ENV.pushApnsApplicationArn, apns);
    // A device token becomes an endpoint of its platform's application (on subscribe, ADR 0117).
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:CreatePlatformEndpoint'], resources: [fcm, apns] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sns:Publish', 'sns:DeleteEndpoint', 'sns:GetEndpointAttributes', 'sns:SetEndpointAttributes'],
        resources: [Stack.of(this).formatArn({ service: 'sns', resource: 'endpoint/*' })],
      }),
    );
    acknowledgeNag(
      this.role,
      'AwsSolutions-IAM5',
      'Device endpoints are created at run time per device; the grant is limited to endpoint ARNs.',
      ['Resource::arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:endpoint/*'],
    );
  }

  /**
   * Grants CDK generates that cannot be narrower than a wildcard. Each acknowledgement names the
   * exact finding (cdk-nag renders a resource as `<LogicalId.Arn>`), so any other wildcard still
   * fails the synth.
   */
  private acknowledgeUnavoidableWildcards(decl: FunctionDeclaration, targets: FleetBindingTargets): void {
    const role = this.role;
    acknowledgeNag(
      this.function,
      'AwsSolutions-L1',
      'Node.js 22 is the platform runtime fixed by issue #2 (the layer and the local stack target it).',
    );
    acknowledgeNag(
      role,
      'AwsSolutions-IAM5',
      'X-Ray PutTraceSegments/PutTelemetryRecords (and DynamoDB ListStreams) have no resource-level permissions.',
      ['Resource::*'],
    );
    const tables = tableBindingsOf(decl);
    const indexed = tables.filter(({ table }) => (table.globalSecondaryIndexes ?? []).length > 0);
    acknowledgeNag(
      role,
      'AwsSolutions-IAM5',
      'A table grant covers the GSIs of that one table (its ARN + /index/*).',
      indexed.map(({ table }) => nagResourceFinding(this, `${targets.tables[table.id]?.tableArn}/index/*`)),
    );
    if (tables.some((t) => t.access === 'readWrite')) {
      acknowledgeNag(
        role,
        'AwsSolutions-IAM5',
        'Writing through a customer-managed key needs kms:GenerateDataKey*/ReEncrypt* on that one key.',
        ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      );
    }
    if (bindingsOf(decl, 'search').length > 0 && targets.searchDomain) {
      acknowledgeNag(
        role,
        'AwsSolutions-IAM5',
        'A search grant covers the indices of that one domain (its ARN + /*).',
        [nagResourceFinding(this, `${targets.searchDomain.domainArn}/*`)],
      );
    }
    if (bindingsOf(decl, 'websocket').length > 0 && targets.webSocketStage) {
      const connections = connectionsArn(this, targets.webSocketStage);
      acknowledgeNag(
        role,
        'AwsSolutions-IAM5',
        'Connection ids are run-time values: the grant is @connections/* of this one API stage.',
        [nagResourceFinding(this, connections)],
      );
    }
  }
}

/** The `@connections/*` of one WebSocket stage: connection ids are only known at run time. */
function connectionsArn(scope: Construct, stage: WebSocketStageRef): string {
  return Stack.of(scope).formatArn({
    service: 'execute-api',
    resource: stage.apiId,
    resourceName: `${stage.stageName}/*/@connections/*`,
  });
}

function required<T>(value: T | undefined, name: string, binding: string, what: string): T {
  if (value === undefined) throw new Error(`FleetFunction ${name}: binding '${binding}' needs ${what}, none given`);
  return value;
}

function validateDeclaration(decl: FunctionDeclaration): void {
  if (!/^[a-z][A-Za-z0-9]*$/.test(decl.name)) {
    throw new Error(`FleetFunction: declaration name '${decl.name}' must be camelCase`);
  }
  if (!/\.lambda\.ts$/.test(decl.entry)) {
    throw new Error(`FleetFunction ${decl.name}: entry '${decl.entry}' must be a *.lambda.ts file`);
  }
  if (decl.memorySize !== undefined && (decl.memorySize < 128 || decl.memorySize > 10_240)) {
    throw new Error(`FleetFunction ${decl.name}: memorySize must be 128–10240 MB, got ${decl.memorySize}`);
  }
  if (decl.timeoutSeconds !== undefined && (decl.timeoutSeconds < 1 || decl.timeoutSeconds > 900)) {
    throw new Error(`FleetFunction ${decl.name}: timeoutSeconds must be 1–900, got ${decl.timeoutSeconds}`);
  }
  if (decl.triggers.length === 0) throw new Error(`FleetFunction ${decl.name}: declares no trigger`);
}

/** Item writes a keyed read-write binding may make, on the partitions its keys name. */
const ITEM_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * Reads on the whole table, item writes only where every partition key the request names matches
 * one of `writeKeys` (IAM's `dynamodb:LeadingKeys`): the rate limiter's buckets, say, and not the
 * operator's plan settings in the same table. Through the table's key, if it has one, as
 * `grantReadWriteData` would.
 */
function grantKeyedWrites(fn: NodejsFunction, table: ITable, writeKeys: readonly string[]): void {
  table.grantReadData(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ITEM_WRITE_ACTIONS,
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...writeKeys] } },
    }),
  );
  table.encryptionKey?.grantEncryptDecrypt(fn);
}
