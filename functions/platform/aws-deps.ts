import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { createRemoteJWKSet } from 'jose';
import { ApiGatewayConnectionGateway } from '../adapters/apigateway-connection-gateway.js';
import { DynamoDbAlertRepository } from '../adapters/dynamodb/dynamodb-alert-repository.js';
import { DynamoDbConnectionRepository } from '../adapters/dynamodb/dynamodb-connection-repository.js';
import { DynamoDbFleetRepository } from '../adapters/dynamodb/dynamodb-fleet-repository.js';
import { DynamoDbTelemetryRepository } from '../adapters/dynamodb/dynamodb-telemetry-repository.js';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.js';
import { JoseTokenVerifier } from '../adapters/jose-token-verifier.js';
import { OpenSearchSearchIndex } from '../adapters/opensearch-search-index.js';
import { SnsNotifier } from '../adapters/sns-notifier.js';
import { OnnxFailurePredictor } from '../ml/onnx-failure-predictor.js';
import { systemClock } from '../ports/clock.js';
import { ENV, requiredEnv } from '../wiring/environment.js';
import { TABLES, type TableId } from '../wiring/tables.js';
import type { PlatformDeps } from './deps.js';
import { type DepsFactories, lazy, lazyDeps } from './lazy-deps.js';

/**
 * The AWS implementation of PlatformDeps, built from the environment the CDK API stack sets.
 * Every member is created lazily and once per container (module-level clients in effect, without
 * import-time side effects); a missing variable fails with its name on first use.
 */
export function awsDeps(env: NodeJS.ProcessEnv = process.env): PlatformDeps {
  const region = () => requiredEnv('AWS_REGION', env);
  const table = (id: TableId) => requiredEnv(TABLES[id].envVar, env);
  const documentClient = lazy(() =>
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: region() }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );

  const members = {
    fleet: lazy(() => new DynamoDbFleetRepository({ client: documentClient(), tableName: table('fleet') })),
    telemetry: lazy(() => new DynamoDbTelemetryRepository({ client: documentClient(), tableName: table('telemetry') })),
    alerts: lazy(() => new DynamoDbAlertRepository({ client: documentClient(), tableName: table('alerts') })),
    connections: lazy(
      () => new DynamoDbConnectionRepository({ client: documentClient(), tableName: table('connections') }),
    ),
    events: lazy(
      () =>
        new EventBridgeEventPublisher(new EventBridgeClient({ region: region() }), requiredEnv(ENV.eventBusName, env)),
    ),
    notifier: lazy(() => {
      const smsSenderId = env[ENV.smsSenderId];
      return new SnsNotifier(new SNSClient({ region: region() }), smsSenderId ? { smsSenderId } : {});
    }),
    gateway: lazy(
      () =>
        new ApiGatewayConnectionGateway(
          new ApiGatewayManagementApiClient({ region: region(), endpoint: requiredEnv(ENV.websocketEndpoint, env) }),
        ),
    ),
    search: lazy(() => {
      const credentials = defaultProvider();
      const client = new OpenSearchClient({
        ...AwsSigv4Signer({ region: region(), service: 'es', getCredentials: () => credentials() }),
        node: requiredEnv(ENV.searchEndpoint, env),
      });
      return new OpenSearchSearchIndex(client);
    }),
    tokens: lazy(
      () =>
        new JoseTokenVerifier({
          issuer: requiredEnv(ENV.jwtIssuer, env),
          audience: requiredEnv(ENV.jwtAudience, env),
          keys: createRemoteJWKSet(new URL(requiredEnv(ENV.jwksUrl, env))),
        }),
    ),
    // Models come from the ml layer (/opt/models); onnxruntime-node loads on first prediction.
    failures: lazy(() => new OnnxFailurePredictor()),
    clock: () => systemClock,
    logger: lazy(() => new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'fleetops' })),
    metrics: lazy(
      () =>
        new Metrics({
          namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'fleetops',
          serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'fleetops',
        }),
    ),
  } satisfies DepsFactories;

  return lazyDeps(members);
}
