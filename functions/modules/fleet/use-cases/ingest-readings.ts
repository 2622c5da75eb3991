import { ulid } from 'ulid';
import { collapseDuplicates } from '../domain/batch.js';
import type { Reading } from '../domain/reading.js';
import { UnknownVehicle } from '../errors.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import type { TelemetryRepository } from '../ports/telemetry-repository.js';
import { type PublishReadingsPorts, publishReadings } from './publish-readings.js';

/** The ports ingest needs. */
export interface IngestReadingsPorts extends PublishReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'unknownVehicles' | 'updateVehicleState'>;
  readonly telemetry: Pick<TelemetryRepository, 'saveNew' | 'markPublished'>;
}

export interface IngestReadingsCommand {
  readonly tenantId: string;
  /** Validated readings (the HTTP route, the telematics webhook and the partner API all validate first). */
  readonly readings: readonly Reading[];
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
 * 3. store the readings not seen before;
 * 4. fast path: publish them at once (vehicle state + `telemetry.received`) and mark the batch
 *    published, so evaluation does not wait for the stream's next poll.
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
  const unknown = await ports.fleet.unknownVehicles(
    command.tenantId,
    unique.map((r) => r.vehicleId),
  );
  if (unknown.length > 0) throw new UnknownVehicle(unknown);
  const batchId = ulid();
  const fresh = await ports.telemetry.saveNew(command.tenantId, batchId, unique);
  const stored = {
    batchId,
    accepted: command.readings.length,
    duplicates: command.readings.length - fresh.length,
    fresh,
  };
  if (fresh.length === 0) return { ...stored, published: false };
  try {
    await publishReadings(ports, [{ tenantId: command.tenantId, batchId, readings: fresh }]);
    await ports.telemetry.markPublished([{ tenantId: command.tenantId, batchId }]);
    return { ...stored, published: true };
  } catch (publishError) {
    return { ...stored, published: false, publishError };
  }
}
