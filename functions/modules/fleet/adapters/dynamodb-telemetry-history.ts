import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { type Reading, SENSOR_FIELDS } from '../domain/reading.js';
import type { TelemetryHistory } from '../ports/telemetry-history.js';
import { TELEMETRY_TABLE } from '../tables.js';
import { keys } from './keys.js';

export interface DynamoDbTelemetryHistoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Only what a reading is: the bookkeeping of ingest (batch, receivedAt, TTL) stays behind. */
const PROJECTION = ['vehicleId', 'ts', ...SENSOR_FIELDS];

/**
 * A range query of the vehicle's partition of the telemetry table (`TS#<iso>` sort keys sort in
 * time order), following `LastEvaluatedKey` page by page (1 MB each).
 */
export class DynamoDbTelemetryHistory implements TelemetryHistory {
  constructor(private readonly props: DynamoDbTelemetryHistoryProps) {}

  async *readings(tenantId: string, vehicleId: string, from: string, to: string): AsyncIterable<readonly Reading[]> {
    const pages = paginateQuery(
      { client: this.props.client },
      {
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ProjectionExpression: PROJECTION.map((_, i) => `#p${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(PROJECTION.map((name, i) => [`#p${i}`, name])),
        ExpressionAttributeValues: {
          ':pk': keys.readingPartition(tenantId, vehicleId),
          ':from': keys.readingSort(from),
          ':to': keys.readingSort(to),
        },
      },
    );
    for await (const page of pages) yield (page.Items ?? []).map(toReading);
  }
}

function toReading(item: Record<string, unknown>): Reading {
  const sensors: Record<string, number> = {};
  for (const field of SENSOR_FIELDS) {
    const value = item[field];
    if (typeof value === 'number') sensors[field] = value;
  }
  return { vehicleId: String(item.vehicleId), ts: String(item.ts), ...sensors };
}

/** Binds the telemetry table (reads) through {@link DynamoDbTelemetryHistory}. */
export const dynamoDbTelemetryHistory = tableAdapter<TelemetryHistory>(
  TELEMETRY_TABLE,
  (parts) => new DynamoDbTelemetryHistory(parts),
);
