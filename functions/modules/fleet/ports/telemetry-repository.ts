import type { Reading } from '../domain/reading.js';

/** One ingest batch of one tenant. */
export interface BatchRef {
  readonly tenantId: string;
  readonly batchId: string;
}

/** Readings, keyed by (tenant, vehicle, ts), and which ingest batches ingest itself published. */
export interface TelemetryRepository {
  /**
   * Stores the readings not seen before and returns exactly those. Every stored reading reaches
   * evaluation through the table's stream (docs/adr/0061), so storing is accepting.
   * `batchId` travels with each reading into the `telemetry.received` event.
   */
  saveNew(tenantId: string, batchId: string, readings: readonly Reading[]): Promise<Reading[]>;
  /**
   * Records that these batches were published by ingest's fast path, so the stream consumer
   * skips them. Written only after the publish succeeded: a missing mark means "publish it".
   */
  markPublished(batches: readonly BatchRef[]): Promise<void>;
  /** The batches of `batches` that carry a published mark (strongly consistent read). */
  publishedBatches(batches: readonly BatchRef[]): Promise<BatchRef[]>;
}
