import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpStage,
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { CORS_POLICY } from '../../functions/platform/http/cors.js';
import type { StageConfig } from '../config/stages.js';
import { acknowledgeNag } from '../constructs/nag.js';
import type { StatefulStack } from './stateful-stack.js';

/** Props of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  /** Where the JWT authorizer's issuer and audience (the user pool and its PWA client) come from. */
  readonly stateful: StatefulStack;
}

/**
 * The SSM parameter names under which the API stack publishes its identifiers. Fixed per stage,
 * so a module stack can read them without a CloudFormation export (ADR 0052).
 */
export interface ApiParameterNames {
  readonly httpApiId: string;
  readonly httpAuthorizerId: string;
  readonly webSocketApiId: string;
  readonly webSocketStageName: string;
}

/** The fixed SSM parameter names of one stage's API identifiers. */
export function apiParameterNames(stage: string): ApiParameterNames {
  const prefix = `/fleetops/${stage}/api`;
  return {
    httpApiId: `${prefix}/http-api-id`,
    httpAuthorizerId: `${prefix}/http-jwt-authorizer-id`,
    webSocketApiId: `${prefix}/websocket-api-id`,
    webSocketStageName: `${prefix}/websocket-stage-name`,
  };
}

/**
 * The shared API stack (ADR 0010, 0052): the HTTP API with its `$default` stage and Cognito JWT
 * authorizer, the WebSocket API with its stage, their access logs and the account-level API
 * Gateway logging role. It holds no function and no route: each module stack adds its routes to
 * these APIs, so the API stack's template does not change when a module gains or loses a function.
 * Both stages auto-deploy, which is what makes routes created by other stacks go live.
 */
export class ApiStack extends Stack {
  public readonly httpApi: HttpApi;
  public readonly httpStage: HttpStage;
  /** The one JWT authorizer every HTTP route of every module uses. */
  public readonly jwtAuthorizer: HttpAuthorizer;
  public readonly webSocketApi: WebSocketApi;
  public readonly webSocketStage: WebSocketStage;
  /** Where the identifiers above are published for the module stacks. */
  public readonly parameterNames: ApiParameterNames;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;

    // HTTP API: a JWT authorizer on the user pool, audience = the PWA client (ADR 0011).
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `fleetops ${config.stage} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.corsAllowOrigins],
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
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
    // A concrete authorizer here, not an HttpUserPoolAuthorizer bound per route: that one would
    // be created in whichever module stack binds it first, and each module stack would make its own.
    this.jwtAuthorizer = new HttpAuthorizer(this, 'CognitoJwtAuthorizer', {
      httpApi: this.httpApi,
      authorizerName: 'CognitoJwtAuthorizer',
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: stateful.identity.issuerUrl,
      jwtAudience: [stateful.identity.webClient.userPoolClientId],
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

    // Published whatever the modules use, so no module change ever adds or removes one (ADR 0052).
    this.parameterNames = apiParameterNames(config.stage);
    this.publish('HttpApiIdParameter', this.parameterNames.httpApiId, this.httpApi.apiId, 'HTTP API id');
    this.publish(
      'HttpAuthorizerIdParameter',
      this.parameterNames.httpAuthorizerId,
      this.jwtAuthorizer.authorizerId,
      'JWT authorizer id of the HTTP API',
    );
    this.publish(
      'WebSocketApiIdParameter',
      this.parameterNames.webSocketApiId,
      this.webSocketApi.apiId,
      'WebSocket API id',
    );
    this.publish(
      'WebSocketStageNameParameter',
      this.parameterNames.webSocketStageName,
      this.webSocketStage.stageName,
      'WebSocket stage name',
    );

    new CfnOutput(this, 'HttpApiUrl', { value: this.httpApi.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebSocketUrl', { value: this.webSocketStage.url, description: 'WebSocket URL (?token=…)' });
  }

  private publish(id: string, parameterName: string, value: string, what: string): void {
    new StringParameter(this, id, {
      parameterName,
      stringValue: value,
      description: `fleetops: ${what}, read by the module stacks at deploy time`,
    });
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

  private accessLogGroup(id: string, config: StageConfig): LogGroup {
    return new LogGroup(this, id, { retention: config.logRetention, removalPolicy: config.removalPolicy });
  }
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
