import { ulid } from 'ulid';
import { collapseDuplicates } from '../domain/batch.js';
import type { Reading } from '../domain/reading.js';
import { UnknownVehicle } from '../errors.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import type { TelemetryRepository } from '../ports/telemetry-repository.js';

/** The ports ingest needs. */
export interface IngestReadingsPorts {
  readonly fleet: Pick<FleetRepository, 'unknownVehicles'>;
  readonly telemetry: TelemetryRepository;
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
}

/**
 * Accepts a batch of readings for one tenant:
 * 1. collapse readings repeated within the batch;
 * 2. refuse the whole batch if it names a vehicle outside the tenant's fleet (nothing stored);
 * 3. store the readings not seen before.
 * Storing is accepting: the telemetry table's stream carries every stored reading on to the bus
 * and evaluation (docs/adr/0061), so nothing between "stored" and "evaluated" can be lost here.
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
  return { batchId, accepted: command.readings.length, duplicates: command.readings.length - fresh.length, fresh };
}
