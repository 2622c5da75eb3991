import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import { chunkBySize } from '../domain/batch.js';
import type { Reading, TelemetryReceived } from '../domain/reading.js';
import { FLEET_EVENTS } from '../events.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import type { LoggedBatchPart } from '../ports/ingest-log.js';
import type { BatchMarkStatus, BatchRef, TelemetryRepository } from '../ports/telemetry-repository.js';

/** The ports the stream consumer's state update and publish need. */
export interface PublishReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'updateVehicleState'>;
  readonly events: EventPublisher;
}

/** The logged readings of one ingest batch. */
export interface StoredBatch {
  readonly tenantId: string;
  readonly batchId: string;
  readonly readings: readonly Reading[];
  /** When ingest logged the batch (ISO 8601), where the stream image says. */
  readonly storedAt?: string;
  /** When the request that stored the batch is over (ISO 8601): its fast path has until then. */
  readonly publishBy?: string;
}

/** Room left for the envelope under EventBridge's 256 KB entry limit. */
const MAX_EVENT_READINGS_BYTES = 200_000;

/** The port announcing needs: the bus only. */
export interface AnnounceReadingsPorts {
  readonly events: EventPublisher;
}

/**
 * Stored readings → `telemetry.received`, one event per ingest batch (split only past
 * EventBridge's size limit). Ingest's fast path calls it right after storing; the stream consumer
 * calls it for the batches ingest did not mark. Returns the events published.
 */
export async function announceReadings(ports: AnnounceReadingsPorts, batches: readonly StoredBatch[]): Promise<number> {
  const events = [];
  for (const batch of batches) {
    for (const readings of chunkBySize(batch.readings, MAX_EVENT_READINGS_BYTES)) {
      const detail: TelemetryReceived = { tenantId: batch.tenantId, batchId: batch.batchId, readings };
      events.push({ source: FLEET_EVENTS.source, detailType: FLEET_EVENTS.telemetryReceived, detail });
    }
  }
  if (events.length > 0) await ports.events.publish(events);
  return events.length;
}

/**
 * Moves vehicle state forward with every stored reading of the stream batch, one call per tenant.
 * The stream consumer is the only writer of vehicle state from telemetry: one writer per shard,
 * with a stream batch's readings coalesced, where a write per ingest request had concurrent
 * requests contending for the same vehicles' items. Idempotent (state moves only forward).
 */
export async function moveVehicleState(ports: PublishReadingsPorts, batches: readonly StoredBatch[]): Promise<void> {
  const byTenant = new Map<string, Reading[]>();
  for (const batch of batches) {
    const readings = byTenant.get(batch.tenantId) ?? [];
    readings.push(...batch.readings);
    byTenant.set(batch.tenantId, readings);
  }
  for (const [tenantId, readings] of byTenant) await ports.fleet.updateVehicleState(tenantId, readings);
}

/** What the stream consumer needs on top of publishing: the marks ingest leaves. */
export interface PublishUnpublishedPorts extends PublishReadingsPorts, AnnounceReadingsPorts {
  readonly telemetry: Pick<TelemetryRepository, 'batchMarks'>;
  readonly clock: { now(): Date };
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The longest the consumer waits for one batch's mark, whatever its `publishBy` says (a skewed
 * clock must not stall a shard): above ingest's timeout, below the consumer's own.
 */
export const MAX_MARK_WAIT_MS = 20_000;

/** First interval between two reads of the marks of batches still owed to ingest; it grows to the max. */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 400;

/** What the stream consumer did with one stream batch. */
export interface StreamPublishOutcome {
  /** Batches ingest had not published (it died, its publish failed, or it handed them over): published now. */
  readonly published: readonly StoredBatch[];
  /** Batches ingest's fast path had already published: skipped. */
  readonly skipped: number;
  /** Milliseconds spent waiting for marks of batches whose ingest was still running. */
  readonly waitedMs: number;
}

/**
 * The stream's half of docs/adr/0061: moves vehicle state forward with every stored reading, then
 * publishes every batch of stored readings that ingest's fast path did not publish:
 * - marked `published`: skipped;
 * - marked `handedOver` (the fast path failed), or unmarked past its `publishBy`: published now;
 * - unmarked before its `publishBy`: its request may still be storing or publishing it (a
 *   500-reading batch takes over a second to store under load, and its first records reach the
 *   stream long before its mark), so the marks are read again, at growing intervals, until it is
 *   marked or its deadline passes. Due batches are published before the waiting starts.
 * A request alive at its `publishBy` cannot exist (its function's timeout has ended it), so a batch
 * is published twice only when a fast path publishes but dies before its mark, or its mark is lost.
 */
export async function publishUnpublished(
  ports: PublishUnpublishedPorts,
  batches: readonly StoredBatch[],
): Promise<StreamPublishOutcome> {
  await moveVehicleState(ports, batches);
  const sleepFor = ports.sleep ?? sleep;
  const published: StoredBatch[] = [];
  let skipped = 0;
  let waitedMs = 0;
  let owed = [...batches];
  for (let poll = FIRST_POLL_MS; owed.length > 0; poll = Math.min(poll * 2, MAX_POLL_MS)) {
    const marks = await markStatus(ports, owed);
    const now = ports.clock.now().getTime();
    const due: StoredBatch[] = [];
    const waiting: StoredBatch[] = [];
    for (const batch of owed) {
      const status = marks.get(batchKey(batch));
      if (status === 'published') skipped++;
      else if (status === 'handedOver' || deadlineOf(batch, waitedMs) <= now) due.push(batch);
      else waiting.push(batch);
    }
    await announceReadings(ports, due);
    published.push(...due);
    owed = waiting;
    if (owed.length === 0) break;
    const earliest = Math.min(...owed.map((batch) => deadlineOf(batch, waitedMs)));
    const wait = Math.max(1, Math.min(poll, earliest - now));
    await sleepFor(wait);
    waitedMs += wait;
  }
  return { published, skipped, waitedMs };
}

/**
 * When the consumer stops waiting for a batch's mark: its `publishBy`, else now; never more than
 * {@link MAX_MARK_WAIT_MS} of waiting in all.
 */
function deadlineOf(batch: StoredBatch, waitedMs: number): number {
  const publishBy = batch.publishBy ? Date.parse(batch.publishBy) : Number.NaN;
  return waitedMs >= MAX_MARK_WAIT_MS || Number.isNaN(publishBy) ? 0 : publishBy;
}

const batchKey = (batch: BatchRef) => `${batch.tenantId}\u0000${batch.batchId}`;

async function markStatus(
  ports: PublishUnpublishedPorts,
  batches: readonly StoredBatch[],
): Promise<Map<string, BatchMarkStatus>> {
  const marks = await ports.telemetry.batchMarks(batches);
  return new Map(marks.map((mark) => [batchKey(mark), mark.status]));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Joins the parts of each (tenant, ingest batch) of one stream batch, keeping their order. A batch
 * whose parts reach two invocations is handled as two smaller batches, each part once.
 */
export function groupParts(parts: readonly LoggedBatchPart[]): StoredBatch[] {
  const groups = new Map<
    string,
    { tenantId: string; batchId: string; readings: Reading[]; storedAt?: string; publishBy?: string }
  >();
  for (const { tenantId, batchId, readings, storedAt, publishBy } of parts) {
    const key = `${tenantId}\u0000${batchId}`;
    let group = groups.get(key);
    if (!group) {
      group = { tenantId, batchId, readings: [] };
      groups.set(key, group);
    }
    group.readings.push(...readings);
    if (storedAt && (!group.storedAt || storedAt > group.storedAt)) group.storedAt = storedAt;
    if (publishBy && (!group.publishBy || publishBy > group.publishBy)) group.publishBy = publishBy;
  }
  return [...groups.values()];
}

/** The port storing logged readings needs. */
export interface StoreReadingsPorts {
  readonly telemetry: Pick<TelemetryRepository, 'store'>;
}

/**
 * Writes every logged batch's readings to the telemetry table (the history, and the keys a resend
 * is found by), before state moves: once a vehicle's `lastSeenAt` covers a reading, ingest looks
 * that reading up instead of taking it as new. Returns the readings written.
 */
export async function storeReadings(ports: StoreReadingsPorts, batches: readonly StoredBatch[]): Promise<number> {
  let written = 0;
  for (const batch of batches) {
    await ports.telemetry.store(batch.tenantId, batch.batchId, batch.readings, {
      ...(batch.storedAt ? { receivedAt: batch.storedAt } : {}),
    });
    written += batch.readings.length;
  }
  return written;
}
