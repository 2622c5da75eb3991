import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { chunkBySize } from '../domain/batch.js';
import { type Reading, SENSOR_FIELDS } from '../domain/reading.js';
import type { AcceptedBatch, LoggedBatchPart } from '../ports/ingest-log.js';
import { ENTITY, keys } from './keys.js';

/*
 * The items of the ingest log: what ingest writes and what the log's stream consumer reads back,
 * in one place and without a client, so the consumer's bundle carries the format only.
 */

/**
 * Largest readings attribute of one part. A 500-reading batch is one part (about 130 KB of JSON at
 * every sensor); a batch of long vehicle ids may take two. Below DynamoDB's 400 KB item limit with
 * room for the keys.
 */
const MAX_PART_BYTES = 300_000;

/** Days a logged batch is kept: the stream keeps records 24 h, with a day to spare for a stalled shard. */
const LOG_DAYS = 2;

/** The items of one accepted batch, as the ingest log adapter (`DynamoDbIngestLog.append`) writes them. */
export function ingestLogItems(batch: AcceptedBatch, now: Date): Record<string, unknown>[] {
  const parts = chunkBySize(batch.readings, MAX_PART_BYTES);
  return parts.map((readings, part) => ({
    pk: keys.batchPartition(batch.tenantId, batch.batchId),
    sk: keys.batchPart(part),
    entity: ENTITY.acceptedBatch,
    tenantId: batch.tenantId,
    batchId: batch.batchId,
    part,
    parts: parts.length,
    readings: JSON.stringify(readings),
    receivedAt: now.toISOString(),
    publishBy: batch.publishBy.toISOString(),
    expiresAt: epochSeconds(now) + LOG_DAYS * 86_400,
  }));
}

/**
 * The batch part an item of the ingest log holds (a stream image, unmarshalled); `undefined` for
 * any other item. Throws for a part whose readings do not parse: only a bug writes one, and the
 * stream then retries and parks the record in its DLQ instead of dropping readings unseen.
 */
export function loggedBatchPartFromItem(item: Readonly<Record<string, unknown>>): LoggedBatchPart | undefined {
  if (item.entity !== ENTITY.acceptedBatch) return undefined;
  const { tenantId, batchId, readings, receivedAt, publishBy } = item;
  if (
    typeof tenantId !== 'string' ||
    typeof batchId !== 'string' ||
    typeof readings !== 'string' ||
    typeof receivedAt !== 'string' ||
    typeof publishBy !== 'string'
  ) {
    throw new Error(`ingest log item ${String(item.pk)} ${String(item.sk)} lacks its batch attributes`);
  }
  const parsed: unknown = JSON.parse(readings);
  if (!Array.isArray(parsed)) throw new Error(`ingest log item ${String(item.pk)}: readings is not a list`);
  return { tenantId, batchId, readings: parsed.map(readingOf), storedAt: receivedAt, publishBy };
}

/** A reading as validated ingest wrote it: identity and the known sensors, nothing else. */
function readingOf(value: unknown): Reading {
  const raw = (value ?? {}) as Record<string, unknown>;
  if (typeof raw.vehicleId !== 'string' || typeof raw.ts !== 'string') {
    throw new Error('ingest log reading without vehicleId and ts');
  }
  const sensors: Record<string, number> = {};
  for (const field of SENSOR_FIELDS) {
    const sensor = raw[field];
    if (typeof sensor === 'number') sensors[field] = sensor;
  }
  return { vehicleId: raw.vehicleId, ts: raw.ts, ...sensors };
}
