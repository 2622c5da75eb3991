import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiGatewayConnectionGateway } from '../functions/adapters/apigateway-connection-gateway.js';
import { createDynamoDbRepositories } from '../functions/adapters/dynamodb/repositories.js';
import { JoseTokenVerifier } from '../functions/adapters/jose-token-verifier.js';
import { OnnxFailurePredictor } from '../functions/ml/onnx-failure-predictor.js';
import type { PlatformDeps } from '../functions/platform/deps.js';
import { type DepsFactories, lazy, lazyDeps } from '../functions/platform/lazy-deps.js';
import { type Clock, systemClock } from '../functions/ports/clock.js';
import type { EventPublisher } from '../functions/ports/event-publisher.js';
import type { Notifier } from '../functions/ports/notifier.js';
import type { SearchIndex } from '../functions/ports/search-index.js';
import type { LocalIssuer } from './auth/local-issuer.js';
import type { TableNames } from './dynamodb/create-tables.js';
import { LOCAL_REGION } from './dynamodb/dynamodb-local.js';

export interface LocalDepsInput {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tables: TableNames;
  readonly events: EventPublisher;
  readonly notifier: Notifier;
  readonly search: SearchIndex;
  readonly issuer: LocalIssuer;
  /** `http://127.0.0.1:{port}/_management`: the local management API, WEBSOCKET_ENDPOINT's twin. */
  readonly websocketEndpoint: string;
  /** What the management API accepts signatures from (LocalServer.managementCredentials). */
  readonly managementCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly logger: Logger;
  readonly clock?: Clock;
}

/**
 * The local implementation of PlatformDeps, the twin of `awsDeps()`: the real DynamoDB adapters on
 * DynamoDB Local, the real ApiGatewayConnectionGateway and SDK client on the local management API,
 * the real JoseTokenVerifier on the local issuer's keys; in-process adapters only where AWS has no
 * faithful emulator (bus, outbox, search). Members are built on first use, as in Lambda.
 */
export function localDeps(input: LocalDepsInput): PlatformDeps {
  const clock = input.clock ?? systemClock;
  const repositories = lazy(() => createDynamoDbRepositories(input.documentClient, input.tables, { clock }));
  const members = {
    fleet: () => repositories().fleet,
    telemetry: () => repositories().telemetry,
    alerts: () => repositories().alerts,
    connections: () => repositories().connections,
    events: () => input.events,
    notifier: () => input.notifier,
    gateway: lazy(
      () =>
        new ApiGatewayConnectionGateway(
          new ApiGatewayManagementApiClient({
            region: LOCAL_REGION,
            endpoint: input.websocketEndpoint,
            credentials: input.managementCredentials,
            maxAttempts: 2,
          }),
        ),
    ),
    search: () => input.search,
    tokens: lazy(
      () =>
        new JoseTokenVerifier({
          issuer: input.issuer.issuer,
          audience: input.issuer.audience,
          keys: input.issuer.keySet(),
        }),
    ),
    // The same ONNX adapter as in Lambda, reading the committed models from ml/models.
    failures: lazy(() => new OnnxFailurePredictor()),
    clock: () => clock,
    logger: () => input.logger,
    // EMF output is silenced by POWERTOOLS_METRICS_DISABLED, which startLocalStack sets (see there).
    metrics: lazy(() => new Metrics({ namespace: 'fleetops', serviceName: 'fleetops-local' })),
  } satisfies DepsFactories;

  return lazyDeps(members);
}
