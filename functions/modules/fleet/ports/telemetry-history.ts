import type { Reading } from '../domain/reading.js';

/** A vehicle's stored readings over time (what ingest keeps for READING_RETENTION_DAYS). */
export interface TelemetryHistory {
  /**
   * The vehicle's readings with `from <= ts <= to`, oldest first, a page at a time, so a caller
   * can fold a long range without holding it.
   */
  readings(tenantId: string, vehicleId: string, from: string, to: string): AsyncIterable<readonly Reading[]>;
}
