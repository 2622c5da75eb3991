import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbAlertRepository } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import { dynamoDbFleetRepository } from '../../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbIngestLog } from '../../functions/modules/fleet/adapters/dynamodb-ingest-log.js';
import { dynamoDbTelemetryRepository } from '../../functions/modules/fleet/adapters/dynamodb-telemetry-repository.js';
import { dynamoDbAttemptLog } from '../../functions/modules/notifications/adapters/dynamodb-attempt-log.js';
import { dynamoDbConnectionRepository } from '../../functions/modules/realtime/adapters/dynamodb-connection-repository.js';
import { type Clock, systemClock } from '../../functions/platform/clock.js';
import type { RepositoryAdapter } from '../../functions/platform/dynamodb/table-adapter.js';
import { dynamoDbIdempotencyStore } from '../../functions/platform/idempotency/dynamodb-idempotency-store.js';

/** Every DynamoDB repository of the modules, built as the local stack builds them. */
export function testRepositories(
  client: DynamoDBDocumentClient,
  tables: Readonly<Record<string, string>>,
  options: { readonly clock?: Clock } = {},
) {
  const clock = options.clock ?? systemClock;
  const build = <P>(adapter: RepositoryAdapter<P>): P =>
    adapter.create({ client, tableName: tables[adapter.table.id] as string, clock });
  return {
    fleet: build(dynamoDbFleetRepository),
    telemetry: build(dynamoDbTelemetryRepository),
    ingestLog: build(dynamoDbIngestLog),
    alerts: build(dynamoDbAlertRepository),
    connections: build(dynamoDbConnectionRepository),
    attempts: build(dynamoDbAttemptLog),
    idempotency: build(dynamoDbIdempotencyStore),
  };
}

export type TestRepositories = ReturnType<typeof testRepositories>;
