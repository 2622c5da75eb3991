import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import { chunkBySize } from '../domain/batch.js';
import type { Reading, TelemetryReceived } from '../domain/reading.js';
import { FLEET_EVENTS } from '../events.js';
import type { FleetRepository } from '../ports/fleet-repository.js';

/** The ports publishing needs. */
export interface PublishReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'updateVehicleState'>;
  readonly events: EventPublisher;
}

/** Stored readings of one ingest batch. */
export interface StoredBatch {
  readonly tenantId: string;
  readonly batchId: string;
  readonly readings: readonly Reading[];
}

/** Room left for the envelope under EventBridge's 256 KB entry limit. */
const MAX_EVENT_READINGS_BYTES = 200_000;

/**
 * Stored readings → vehicle state and `telemetry.received`, one event per ingest batch (split only
 * past EventBridge's size limit). Runs from the telemetry table's stream: if anything fails it
 * throws, the stream retries the batch, and both steps are idempotent (state moves only forward;
 * evaluation de-duplicates alerts), so a retry never double-counts. Returns the events published.
 */
export async function publishReadings(ports: PublishReadingsPorts, batches: readonly StoredBatch[]): Promise<number> {
  const events = [];
  for (const batch of batches) {
    await ports.fleet.updateVehicleState(batch.tenantId, batch.readings);
    for (const readings of chunkBySize(batch.readings, MAX_EVENT_READINGS_BYTES)) {
      const detail: TelemetryReceived = { tenantId: batch.tenantId, batchId: batch.batchId, readings };
      events.push({ source: FLEET_EVENTS.source, detailType: FLEET_EVENTS.telemetryReceived, detail });
    }
  }
  if (events.length > 0) await ports.events.publish(events);
  return events.length;
}

/** Groups stored readings by (tenant, ingest batch), keeping their order. */
export function groupByBatch(
  stored: readonly { readonly tenantId: string; readonly batchId: string; readonly reading: Reading }[],
): StoredBatch[] {
  const groups = new Map<string, { tenantId: string; batchId: string; readings: Reading[] }>();
  for (const { tenantId, batchId, reading } of stored) {
    const key = `${tenantId}\u0000${batchId}`;
    let group = groups.get(key);
    if (!group) {
      group = { tenantId, batchId, readings: [] };
      groups.set(key, group);
    }
    group.readings.push(reading);
  }
  return [...groups.values()];
}
