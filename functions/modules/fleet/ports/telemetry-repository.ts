import type { Reading } from '../domain/reading.js';

/** Readings, keyed by (tenant, vehicle, ts). */
export interface TelemetryRepository {
  /**
   * Stores the readings not seen before and returns exactly those. Every stored reading reaches
   * evaluation through the table's stream (docs/adr/0061), so storing is accepting.
   * `batchId` travels with each reading into the `telemetry.received` event.
   */
  saveNew(tenantId: string, batchId: string, readings: readonly Reading[]): Promise<Reading[]>;
}
