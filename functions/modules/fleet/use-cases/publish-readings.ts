import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import { chunkBySize } from '../domain/batch.js';
import type { Reading, TelemetryReceived } from '../domain/reading.js';
import { FLEET_EVENTS } from '../events.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import type { TelemetryRepository } from '../ports/telemetry-repository.js';

/** The ports the stream consumer's state update and publish need. */
export interface PublishReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'updateVehicleState'>;
  readonly events: EventPublisher;
}

/** Stored readings of one ingest batch. */
export interface StoredBatch {
  readonly tenantId: string;
  readonly batchId: string;
  readonly readings: readonly Reading[];
  /** When ingest stored the batch (ISO 8601), where the stream image says. */
  readonly storedAt?: string;
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

/** What the stream consumer needs on top of publishing: the published marks ingest leaves. */
export interface PublishUnpublishedPorts extends PublishReadingsPorts, AnnounceReadingsPorts {
  readonly telemetry: Pick<TelemetryRepository, 'publishedBatches'>;
  readonly clock: { now(): Date };
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * How long after storing a batch the stream consumer gives ingest's fast path to leave its mark
 * before publishing the batch itself. The local poller and Lambda's stream polling can hand a
 * record over within milliseconds of the write, while ingest is still publishing: without the
 * grace, one batch in eight was published twice under load (measured with the ingest bench).
 */
export const FAST_PATH_GRACE_MS = 300;

/** What the stream consumer did with one stream batch. */
export interface StreamPublishOutcome {
  /** Batches ingest had not published (it died or its publish failed): published now. */
  readonly published: readonly StoredBatch[];
  /** Batches ingest's fast path had already published: skipped. */
  readonly skipped: number;
}

/**
 * The stream's half of docs/adr/0061: moves vehicle state forward with every stored reading, then
 * publishes every batch of stored readings that ingest's fast path did not mark as published. An
 * unmarked batch stored less than {@link FAST_PATH_GRACE_MS} ago is looked at once more after that
 * grace, since ingest is most likely still publishing it.
 * A batch whose mark comes later still is published twice; evaluation is idempotent, so that race
 * costs work, never a second alert, and a batch whose fast path died is published at the latest
 * one grace after it was stored.
 */
export async function publishUnpublished(
  ports: PublishUnpublishedPorts,
  batches: readonly StoredBatch[],
): Promise<StreamPublishOutcome> {
  await moveVehicleState(ports, batches);
  let pending = await unmarked(ports, batches);
  const now = ports.clock.now().getTime();
  const youngest = Math.max(...pending.map((batch) => (batch.storedAt ? Date.parse(batch.storedAt) : 0)));
  const wait = youngest + FAST_PATH_GRACE_MS - now;
  if (pending.length > 0 && wait > 0) {
    await (ports.sleep ?? sleep)(Math.min(wait, FAST_PATH_GRACE_MS));
    pending = await unmarked(ports, pending);
  }
  await announceReadings(ports, pending);
  return { published: pending, skipped: batches.length - pending.length };
}

async function unmarked(ports: PublishUnpublishedPorts, batches: readonly StoredBatch[]): Promise<StoredBatch[]> {
  if (batches.length === 0) return [];
  const marked = await ports.telemetry.publishedBatches(batches);
  const done = new Set(marked.map((batch) => `${batch.tenantId}\u0000${batch.batchId}`));
  return batches.filter((batch) => !done.has(`${batch.tenantId}\u0000${batch.batchId}`));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Groups stored readings by (tenant, ingest batch), keeping their order. */
export function groupByBatch(
  stored: readonly {
    readonly tenantId: string;
    readonly batchId: string;
    readonly reading: Reading;
    readonly storedAt?: string;
  }[],
): StoredBatch[] {
  const groups = new Map<string, { tenantId: string; batchId: string; readings: Reading[]; storedAt?: string }>();
  for (const { tenantId, batchId, reading, storedAt } of stored) {
    const key = `${tenantId}\u0000${batchId}`;
    let group = groups.get(key);
    if (!group) {
      group = { tenantId, batchId, readings: [] };
      groups.set(key, group);
    }
    group.readings.push(reading);
    if (storedAt && (!group.storedAt || storedAt > group.storedAt)) group.storedAt = storedAt;
  }
  return [...groups.values()];
}
