import { ulid } from 'ulid';
import { collapseDuplicates } from '../domain/batch.js';
import type { Reading } from '../domain/reading.js';
import { UnknownVehicle } from '../errors.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import type { TelemetryRepository } from '../ports/telemetry-repository.js';
import { type AnnounceReadingsPorts, announceReadings } from './publish-readings.js';

/** The ports ingest needs. */
export interface IngestReadingsPorts extends AnnounceReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'unknownVehicles' | 'lastSeen'>;
  readonly telemetry: Pick<TelemetryRepository, 'saveNew' | 'markPublished' | 'markHandedOver'>;
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
  /** Readings in the batch, new or not: all of them are now stored. */
  readonly accepted: number;
  /** Of those, readings stored before or repeated within the batch. */
  readonly duplicates: number;
  /** The readings this batch stored for the first time. */
  readonly fresh: readonly Reading[];
  /**
   * Whether the fast path published the fresh readings and marked the batch. `false` with an
   * error: they are stored, and the telemetry stream publishes them instead (nothing is lost).
   */
  readonly published: boolean;
  readonly publishError?: unknown;
}

/**
 * Accepts a batch of readings for one tenant:
 * 1. collapse readings repeated within the batch;
 * 2. refuse the whole batch if it names a vehicle outside the tenant's fleet (nothing stored);
 * 3. store the readings not seen before, each with the time by which this call is over
 *    (`publishBy`: until then the stream consumer waits for this call's mark); only readings at or
 *    before their vehicle's `lastSeenAt` are looked up (telemetry arrives in order);
 * 4. fast path: publish `telemetry.received` at once and mark the batch published, so evaluation
 *    does not wait for the stream's next poll; if publishing fails, mark it handed over, so the
 *    stream consumer publishes it at once instead of at `publishBy`. Vehicle state is moved by the stream consumer
 *    alone (coalesced per stream batch, no contention between concurrent requests).
 * Storing is accepting: the telemetry table's stream carries every stored reading whose batch has
 * no published mark on to the bus (docs/adr/0061), so a failure or crash after step 3 delays the
 * readings' evaluation by a poll, never loses it. That is why a failed fast path is reported, not
 * thrown: the readings are stored and the answer is still 202.
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
  const fresh = await ports.telemetry.saveNew(command.tenantId, batchId, unique, { publishBy, storedUpTo });
  const stored = {
    batchId,
    accepted: command.readings.length,
    duplicates: command.readings.length - fresh.length,
    fresh,
  };
  if (fresh.length === 0) return { ...stored, published: false };
  const batch = { tenantId: command.tenantId, batchId };
  try {
    await announceReadings(ports, [{ ...batch, readings: fresh }]);
  } catch (publishError) {
    // Best effort: if this write fails too, the stream consumer publishes the batch at publishBy.
    await ports.telemetry.markHandedOver([batch]).catch(() => undefined);
    return { ...stored, published: false, publishError };
  }
  try {
    await ports.telemetry.markPublished([batch]);
  } catch (publishError) {
    // Published, but unmarked: the stream consumer publishes it again at publishBy (idempotent).
    return { ...stored, published: true, publishError };
  }
  return { ...stored, published: true };
}
