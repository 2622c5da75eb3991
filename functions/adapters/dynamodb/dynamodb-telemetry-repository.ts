import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { READING_RETENTION_DAYS } from '../../domain/telemetry/batch.js';
import type { Reading } from '../../domain/telemetry/reading.js';
import { type Clock, systemClock } from '../../ports/clock.js';
import type { TelemetryRepository } from '../../ports/repositories.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import { ENTITY, epochSeconds, keys } from './keys.js';

export interface DynamoDbTelemetryRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Conditional puts in flight at once. @default 16 */
  readonly concurrency?: number;
}

/**
 * Readings in DynamoDB, one item per (tenant, vehicle, ts). The item key is the idempotency key: a
 * conditional put that fails means the reading was stored before, so `saveNew` needs no read.
 */
export class DynamoDbTelemetryRepository implements TelemetryRepository {
  private readonly clock: Clock;
  private readonly concurrency: number;

  constructor(private readonly props: DynamoDbTelemetryRepositoryProps) {
    this.clock = props.clock ?? systemClock;
    this.concurrency = props.concurrency ?? 16;
  }

  async saveNew(tenantId: string, readings: readonly Reading[]): Promise<Reading[]> {
    const now = this.clock.now();
    const expiresAt = epochSeconds(now) + READING_RETENTION_DAYS * 86_400;
    const saved = await mapWithConcurrency(readings, this.concurrency, async (reading) => {
      try {
        await this.props.client.send(
          new PutCommand({
            TableName: this.props.tableName,
            Item: {
              ...reading,
              pk: keys.readingPartition(tenantId, reading.vehicleId),
              sk: keys.readingSort(reading.ts),
              entity: ENTITY.reading,
              tenantId,
              receivedAt: now.toISOString(),
              expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return reading;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    });
    return saved.filter((reading): reading is Reading => reading !== undefined);
  }

  async remove(tenantId: string, readings: readonly Reading[]): Promise<void> {
    const deletes = readings.map((reading) => ({
      DeleteRequest: {
        Key: { pk: keys.readingPartition(tenantId, reading.vehicleId), sk: keys.readingSort(reading.ts) },
      },
    }));
    for (let start = 0; start < deletes.length; start += 25) {
      let pending: Record<string, unknown>[] | undefined = deletes.slice(start, start + 25);
      // Unprocessed items are throttled writes: retry them with a short back-off rather than lose them.
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        if (attempt > 6) throw new Error(`Could not delete ${pending.length} readings of tenant ${tenantId}`);
        const result = await this.props.client.send(
          new BatchWriteCommand({ RequestItems: { [this.props.tableName]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.props.tableName] as Record<string, unknown>[] | undefined;
      }
    }
  }
}
