import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { batchGetAll, batchPutAll } from '../../../platform/dynamodb/batch.js';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { READING_RETENTION_DAYS } from '../domain/batch.js';
import type { Reading } from '../domain/reading.js';
import type {
  BatchMark,
  BatchMarkStatus,
  BatchRef,
  StoreOptions,
  TelemetryRepository,
  UnseenOptions,
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
  /** Vehicles whose newest accepted reading this container remembers. @default 50_000 */
  readonly maxRememberedVehicles?: number;
  /** Readings this container remembers having accepted, until they are surely stored. @default 100_000 */
  readonly maxRememberedReadings?: number;
}

/**
 * How long this container counts a reading it accepted as a duplicate without finding its item:
 * the ingest log's consumer stores it within a poll or two (seconds), far below this.
 */
const REMEMBER_ACCEPTED_MS = 60_000;

/**
 * Readings in DynamoDB, one item per (tenant, vehicle, ts); the item key is the idempotency key.
 * Ingest asks {@link unseen} which readings are new and appends those to the ingest log; the log's
 * consumer {@link store}s them (docs/adr/0135). `unseen` reads which keys exist (BatchGetItem, 100
 * per call); `store` writes them (BatchWriteItem, 25 per call), idempotently: a key always gets the
 * same item.
 *
 * With `storedUpTo` (ingest passes each vehicle's state `lastSeenAt`) only readings at or before
 * that instant, or before the newest this container accepted itself, are looked up: a fleet's
 * telemetry arrives in order, so a 500-reading batch of 50 vehicles reads 50 state keys instead of
 * 500 reading keys (docs/adr/0061). What this container accepted in the last minute counts as a
 * duplicate before its items exist. A resend that reaches another container before the log's
 * consumer stored the first copy counts as fresh: it is logged and stored again (the same items)
 * and published again by the fast path, which evaluation absorbs (the open-alert lock).
 */
export class DynamoDbTelemetryRepository implements TelemetryRepository {
  private readonly clock: Clock;
  private readonly concurrency: number;
  /** `tenant\0vehicle` → epoch ms of the newest reading this container accepted. */
  private readonly acceptedUpTo = new Map<string, number>();
  /** `tenant\0vehicle\0ts` → epoch ms until which this container counts it as accepted (in expiry order). */
  private readonly acceptedRecently = new Map<string, number>();

  constructor(private readonly props: DynamoDbTelemetryRepositoryProps) {
    this.clock = props.clock ?? systemClock;
    this.concurrency = props.concurrency ?? 8;
  }

  async unseen(tenantId: string, readings: readonly Reading[], options: UnseenOptions = {}): Promise<Reading[]> {
    const storedUpTo = options.storedUpTo;
    const now = this.clock.now().getTime();
    const candidates = readings.filter((reading) => {
      const until = this.acceptedRecently.get(acceptedKey(tenantId, reading));
      return until === undefined || until < now;
    });
    const lookedUp = storedUpTo
      ? candidates.filter((reading) => !this.newerThanAccepted(tenantId, reading, storedUpTo))
      : candidates;
    const existing = await batchGetAll(
      this.props.client,
      this.props.tableName,
      lookedUp.map((reading) => readingKeyOf(tenantId, reading)),
      { projection: ['pk', 'sk'], concurrency: this.concurrency },
    );
    const stored = new Set(existing.map((item) => `${item.pk}\u0000${item.sk}`));
    return candidates.filter((reading) => {
      const key = readingKeyOf(tenantId, reading);
      return !stored.has(`${key.pk}\u0000${key.sk}`);
    });
  }

  noteAccepted(tenantId: string, readings: readonly Reading[]): void {
    const now = this.clock.now().getTime();
    if (this.acceptedUpTo.size > (this.props.maxRememberedVehicles ?? 50_000)) this.acceptedUpTo.clear();
    for (const reading of readings) {
      const vehicle = `${tenantId}\u0000${reading.vehicleId}`;
      const ts = Date.parse(reading.ts);
      if (ts > (this.acceptedUpTo.get(vehicle) ?? Number.NEGATIVE_INFINITY)) this.acceptedUpTo.set(vehicle, ts);
      const key = acceptedKey(tenantId, reading);
      // Re-inserted at the end, so the map stays in order of expiry.
      this.acceptedRecently.delete(key);
      this.acceptedRecently.set(key, now + REMEMBER_ACCEPTED_MS);
    }
    const max = this.props.maxRememberedReadings ?? 100_000;
    for (const [key, until] of this.acceptedRecently) {
      if (until >= now && this.acceptedRecently.size <= max) break;
      this.acceptedRecently.delete(key);
    }
  }

  async store(
    tenantId: string,
    batchId: string,
    readings: readonly Reading[],
    options: StoreOptions = {},
  ): Promise<void> {
    const receivedAt = options.receivedAt ?? this.clock.now().toISOString();
    const expiresAt = epochSeconds(new Date(receivedAt)) + READING_RETENTION_DAYS * 86_400;
    const items = readings.map((reading) => ({
      ...reading,
      ...readingKeyOf(tenantId, reading),
      entity: ENTITY.reading,
      tenantId,
      batchId,
      receivedAt,
      expiresAt,
    }));
    await batchPutAll(this.props.client, this.props.tableName, items, this.concurrency);
  }

  /** Whether a reading is newer than anything of its vehicle stored before (by the state) or accepted here. */
  private newerThanAccepted(tenantId: string, reading: Reading, storedUpTo: ReadonlyMap<string, string>): boolean {
    const ts = Date.parse(reading.ts);
    const state = storedUpTo.get(reading.vehicleId);
    const here = this.acceptedUpTo.get(`${tenantId}\u0000${reading.vehicleId}`);
    return (state === undefined || ts > Date.parse(state)) && (here === undefined || ts > here);
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

function readingKeyOf(tenantId: string, reading: Pick<Reading, 'vehicleId' | 'ts'>): { pk: string; sk: string } {
  return { pk: keys.readingPartition(tenantId, reading.vehicleId), sk: keys.readingSort(reading.ts) };
}

const acceptedKey = (tenantId: string, reading: Pick<Reading, 'vehicleId' | 'ts'>) =>
  `${tenantId}\u0000${reading.vehicleId}\u0000${reading.ts}`;

/** Binds the telemetry table through {@link DynamoDbTelemetryRepository}. */
export const dynamoDbTelemetryRepository = tableAdapter<TelemetryRepository>(
  TELEMETRY_TABLE,
  (parts) => new DynamoDbTelemetryRepository(parts),
);
