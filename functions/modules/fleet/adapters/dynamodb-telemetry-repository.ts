import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { batchGetAll, batchPutAll } from '../../../platform/dynamodb/batch.js';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { READING_RETENTION_DAYS } from '../domain/batch.js';
import { type Reading, SENSOR_FIELDS } from '../domain/reading.js';
import type {
  BatchMark,
  BatchMarkStatus,
  BatchRef,
  SaveNewOptions,
  TelemetryRepository,
} from '../ports/telemetry-repository.js';
import { TELEMETRY_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbTelemetryRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** BatchGet/BatchWrite calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Vehicles whose newest stored reading this container remembers. @default 50_000 */
  readonly maxRememberedVehicles?: number;
}

/** A stored reading as the telemetry table's stream hands it on: tenant and batch with the reading. */
export interface StoredReading {
  readonly tenantId: string;
  readonly batchId: string;
  readonly reading: Reading;
  /** `receivedAt` of the item: when ingest stored it. */
  readonly storedAt?: string;
  /** `publishBy` of the item: when the request that stored it is over (ISO 8601). */
  readonly publishBy?: string;
}

/**
 * Readings in DynamoDB, one item per (tenant, vehicle, ts); the item key is the idempotency key.
 * `saveNew` reads which keys exist (BatchGetItem, 100 per call) and writes the rest (BatchWriteItem,
 * 25 per call): about ten times the throughput of one conditional put per reading on DynamoDB Local
 * (docs/benchmarks.md). Two concurrent requests carrying the same new reading may both write it; the
 * second write is a MODIFY of an identical item, which evaluation ignores, so the cost of the race
 * is a `duplicates` count that is one too low, never a lost or doubled alert.
 *
 * With `storedUpTo` (ingest passes each vehicle's state `lastSeenAt`) only readings at or before
 * that instant, or before the newest this container stored itself, are looked up: a fleet's
 * telemetry arrives in order, so a 500-reading batch of 50 vehicles reads 50 state keys instead of
 * 500 reading keys (docs/adr/0061). A resend that reaches another container before the stream has
 * moved the state counts as fresh: it is rewritten (a MODIFY, which the stream ignores) and
 * published again by the fast path, which evaluation absorbs (the open-alert lock).
 */
export class DynamoDbTelemetryRepository implements TelemetryRepository {
  private readonly clock: Clock;
  private readonly concurrency: number;
  /** `tenant\0vehicle` → epoch ms of the newest reading this container stored. */
  private readonly storedHere = new Map<string, number>();

  constructor(private readonly props: DynamoDbTelemetryRepositoryProps) {
    this.clock = props.clock ?? systemClock;
    this.concurrency = props.concurrency ?? 8;
  }

  async saveNew(
    tenantId: string,
    batchId: string,
    readings: readonly Reading[],
    options: SaveNewOptions = {},
  ): Promise<Reading[]> {
    const keyOf = (reading: Reading) => ({
      pk: keys.readingPartition(tenantId, reading.vehicleId),
      sk: keys.readingSort(reading.ts),
    });
    const lookedUp = options.storedUpTo
      ? readings.filter(
          (reading) => !this.newerThanStored(tenantId, reading, options.storedUpTo as ReadonlyMap<string, string>),
        )
      : readings;
    const existing = await batchGetAll(this.props.client, this.props.tableName, lookedUp.map(keyOf), {
      projection: ['pk', 'sk'],
      concurrency: this.concurrency,
    });
    const stored = new Set(existing.map((item) => `${item.pk}\u0000${item.sk}`));
    const fresh = readings.filter((reading) => {
      const key = keyOf(reading);
      return !stored.has(`${key.pk}\u0000${key.sk}`);
    });
    const now = this.clock.now();
    const expiresAt = epochSeconds(now) + READING_RETENTION_DAYS * 86_400;
    const items = fresh.map((reading) => ({
      ...reading,
      ...keyOf(reading),
      entity: ENTITY.reading,
      tenantId,
      batchId,
      receivedAt: now.toISOString(),
      ...(options.publishBy ? { publishBy: options.publishBy.toISOString() } : {}),
      expiresAt,
    }));
    await batchPutAll(this.props.client, this.props.tableName, items, this.concurrency);
    this.remember(tenantId, fresh);
    return fresh;
  }

  /** Whether a reading is newer than anything of its vehicle stored before (by the state, or by this container). */
  private newerThanStored(tenantId: string, reading: Reading, storedUpTo: ReadonlyMap<string, string>): boolean {
    const ts = Date.parse(reading.ts);
    const state = storedUpTo.get(reading.vehicleId);
    const here = this.storedHere.get(`${tenantId}\u0000${reading.vehicleId}`);
    return (state === undefined || ts > Date.parse(state)) && (here === undefined || ts > here);
  }

  private remember(tenantId: string, fresh: readonly Reading[]): void {
    if (this.storedHere.size > (this.props.maxRememberedVehicles ?? 50_000)) this.storedHere.clear();
    for (const reading of fresh) {
      const key = `${tenantId}\u0000${reading.vehicleId}`;
      const ts = Date.parse(reading.ts);
      if (ts > (this.storedHere.get(key) ?? Number.NEGATIVE_INFINITY)) this.storedHere.set(key, ts);
    }
  }

  async markPublished(batches: readonly BatchRef[]): Promise<void> {
    await this.mark(batches, 'published');
  }

  async markHandedOver(batches: readonly BatchRef[]): Promise<void> {
    await this.mark(batches, 'handedOver');
  }

  async batchMarks(batches: readonly BatchRef[]): Promise<BatchMark[]> {
    if (batches.length === 0) return [];
    const found = await batchGetAll(this.props.client, this.props.tableName, batches.map(batchKey), {
      projection: ['tenantId', 'batchId', 'markStatus'],
      concurrency: this.concurrency,
      consistentRead: true,
    });
    const status = new Map(
      found.map((item) => [
        `${item.tenantId}\u0000${item.batchId}`,
        // A mark without a status was written before hand-overs existed: it meant published.
        item.markStatus === 'handedOver' ? ('handedOver' as const) : ('published' as const),
      ]),
    );
    return batches.flatMap((batch) => {
      const found = status.get(`${batch.tenantId}\u0000${batch.batchId}`);
      return found ? [{ tenantId: batch.tenantId, batchId: batch.batchId, status: found }] : [];
    });
  }

  private async mark(batches: readonly BatchRef[], markStatus: BatchMarkStatus): Promise<void> {
    const now = this.clock.now();
    // Outlives the stream records it answers for (24 h), with a day to spare for a stalled shard.
    const expiresAt = epochSeconds(now) + MARK_DAYS * 86_400;
    const items = batches.map((batch) => ({
      ...batchKey(batch),
      entity: ENTITY.publishedBatch,
      tenantId: batch.tenantId,
      batchId: batch.batchId,
      markStatus,
      markedAt: now.toISOString(),
      expiresAt,
    }));
    await batchPutAll(this.props.client, this.props.tableName, items, this.concurrency);
  }
}

/** Days a batch mark is kept: the stream keeps records 24 h. */
const MARK_DAYS = 2;

function batchKey(batch: BatchRef): { pk: string; sk: string } {
  return { pk: keys.batchPartition(batch.tenantId, batch.batchId), sk: keys.batchPublished() };
}

/** The reading an item of the telemetry table holds (a stream image, unmarshalled). */
export function storedReadingFromItem(item: Readonly<Record<string, unknown>>): StoredReading | undefined {
  if (item.entity !== ENTITY.reading || typeof item.tenantId !== 'string') return undefined;
  if (typeof item.vehicleId !== 'string' || typeof item.ts !== 'string') return undefined;
  const sensors: Record<string, number> = {};
  for (const field of SENSOR_FIELDS) {
    const value = item[field];
    if (typeof value === 'number') sensors[field] = value;
  }
  return {
    tenantId: item.tenantId,
    batchId: typeof item.batchId === 'string' ? item.batchId : 'unknown',
    reading: { vehicleId: item.vehicleId, ts: item.ts, ...sensors },
    ...(typeof item.receivedAt === 'string' ? { storedAt: item.receivedAt } : {}),
    ...(typeof item.publishBy === 'string' ? { publishBy: item.publishBy } : {}),
  };
}

/** Binds the telemetry table through {@link DynamoDbTelemetryRepository}. */
export const dynamoDbTelemetryRepository = tableAdapter<TelemetryRepository>(
  TELEMETRY_TABLE,
  (parts) => new DynamoDbTelemetryRepository(parts),
);
