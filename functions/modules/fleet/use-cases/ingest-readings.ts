import { ulid } from 'ulid';
import { collapseDuplicates } from '../domain/batch.js';
import type { Reading } from '../domain/reading.js';
import { UnknownVehicle } from '../errors.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import type { IngestLog } from '../ports/ingest-log.js';
import type { TelemetryRepository } from '../ports/telemetry-repository.js';
import { type AnnounceReadingsPorts, announceReadings } from './publish-readings.js';

/** The ports ingest needs. */
export interface IngestReadingsPorts extends AnnounceReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'unknownVehicles' | 'lastSeen'>;
  readonly telemetry: Pick<TelemetryRepository, 'unseen' | 'noteAccepted' | 'markPublished' | 'markHandedOver'>;
  readonly ingestLog: IngestLog;
  readonly clock: { now(): Date };
}

/**
 * How long a caller of {@link ingestReadings} may still be storing and publishing after it began,
 * unless it says: the `ingestTelemetry` function's timeout. A caller with a longer timeout passes
 * its own, or the stream consumer may publish a batch its fast path is still publishing (twice,
 * which costs evaluation work, never a second alert).
 */
export const DEFAULT_PUBLISH_WITHIN_MS = 15_000;

export interface IngestReadingsCommand {
  readonly tenantId: string;
  /** Validated readings (the HTTP route, the telematics webhook and the partner API all validate first). */
  readonly readings: readonly Reading[];
  /**
   * How long from now the caller can still be running (its function's timeout): the stream
   * consumer leaves the batch to this call's fast path until then. @default DEFAULT_PUBLISH_WITHIN_MS
   */
  readonly publishWithinMs?: number;
}

export interface IngestReadingsResult {
  readonly batchId: string;
  /** Readings in the batch, new or not: all of them are now in the ingest log or stored. */
  readonly accepted: number;
  /** Of those, readings stored (or accepted) before, or repeated within the batch. */
  readonly duplicates: number;
  /** The readings this batch accepted for the first time. */
  readonly fresh: readonly Reading[];
  /**
   * Whether the fast path published the fresh readings and marked the batch. `false` with an
   * error: they are logged, and the log's consumer publishes them instead (nothing is lost).
   */
  readonly published: boolean;
  readonly publishError?: unknown;
}

/**
 * Accepts a batch of readings for one tenant:
 * 1. collapse readings repeated within the batch;
 * 2. refuse the whole batch if it names a vehicle outside the tenant's fleet (nothing logged);
 * 3. find the readings not stored or accepted before (only readings at or before their vehicle's
 *    `lastSeenAt` are looked up: telemetry arrives in order) and append them to the ingest log as
 *    one item, with the time by which this call is over (`publishBy`: until then the log's
 *    consumer waits for this call's mark);
 * 4. fast path: publish `telemetry.received` at once and mark the batch published, so evaluation
 *    does not wait for the log's consumer; if publishing fails, mark it handed over, so the
 *    consumer publishes it at once instead of at `publishBy`.
 * Logging is accepting: the ingest log's stream stores every logged batch's readings in the
 * telemetry table, moves vehicle state (its only writer from telemetry, coalesced per stream batch)
 * and publishes the batches without a published mark (docs/adr/0061, docs/adr/0135). So a failure
 * or crash after step 3 delays the readings' evaluation by a poll, never loses it, and a failed
 * fast path is reported, not thrown: the answer is still 202.
 */
export async function ingestReadings(
  ports: IngestReadingsPorts,
  command: IngestReadingsCommand,
): Promise<IngestReadingsResult> {
  const unique = collapseDuplicates(command.readings);
  const vehicleIds = unique.map((r) => r.vehicleId);
  // Both reads at once, one round trip on the way to 202: the states' read is only wasted when the
  // batch is refused.
  const [unknown, storedUpTo] = await Promise.all([
    ports.fleet.unknownVehicles(command.tenantId, vehicleIds),
    ports.fleet.lastSeen(command.tenantId, vehicleIds),
  ]);
  if (unknown.length > 0) throw new UnknownVehicle(unknown);
  const batchId = ulid();
  const publishBy = new Date(ports.clock.now().getTime() + (command.publishWithinMs ?? DEFAULT_PUBLISH_WITHIN_MS));
  const fresh = await ports.telemetry.unseen(command.tenantId, unique, { storedUpTo });
  const logged = {
    batchId,
    accepted: command.readings.length,
    duplicates: command.readings.length - fresh.length,
    fresh,
  };
  if (fresh.length === 0) return { ...logged, published: false };
  await ports.ingestLog.append({ tenantId: command.tenantId, batchId, readings: fresh, publishBy });
  ports.telemetry.noteAccepted(command.tenantId, fresh);
  const batch = { tenantId: command.tenantId, batchId };
  try {
    await announceReadings(ports, [{ ...batch, readings: fresh }]);
  } catch (publishError) {
    // Best effort: if this write fails too, the stream consumer publishes the batch at publishBy.
    await ports.telemetry.markHandedOver([batch]).catch(() => undefined);
    return { ...logged, published: false, publishError };
  }
  try {
    await ports.telemetry.markPublished([batch]);
  } catch (publishError) {
    // Published, but unmarked: the stream consumer publishes it again at publishBy (idempotent).
    return { ...logged, published: true, publishError };
  }
  return { ...logged, published: true };
}
