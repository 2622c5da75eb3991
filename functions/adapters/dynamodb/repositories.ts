import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock.js';
import type {
  AlertRepository,
  ConnectionRepository,
  FleetRepository,
  TelemetryRepository,
} from '../../ports/repositories.js';
import type { TableId } from '../../wiring/tables.js';
import { DynamoDbAlertRepository } from './dynamodb-alert-repository.js';
import { DynamoDbConnectionRepository } from './dynamodb-connection-repository.js';
import { DynamoDbFleetRepository } from './dynamodb-fleet-repository.js';
import { DynamoDbTelemetryRepository } from './dynamodb-telemetry-repository.js';

/** The four DynamoDB repositories of PlatformDeps. */
export interface DynamoDbRepositories {
  readonly fleet: FleetRepository;
  readonly telemetry: TelemetryRepository;
  readonly alerts: AlertRepository;
  readonly connections: ConnectionRepository;
}

/**
 * Builds every DynamoDB repository over one document client. Used by `awsDeps()` (physical names
 * from the environment) and by the local stack and tests (DynamoDB Local, prefixed names); the
 * client should be created with `removeUndefinedValues: true`.
 */
export function createDynamoDbRepositories(
  client: DynamoDBDocumentClient,
  tables: Readonly<Record<TableId, string>>,
  options: { readonly clock?: Clock } = {},
): DynamoDbRepositories {
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  return {
    fleet: new DynamoDbFleetRepository({ client, tableName: tables.fleet }),
    telemetry: new DynamoDbTelemetryRepository({ client, tableName: tables.telemetry, ...clock }),
    alerts: new DynamoDbAlertRepository({ client, tableName: tables.alerts, ...clock }),
    connections: new DynamoDbConnectionRepository({ client, tableName: tables.connections, ...clock }),
  };
}
