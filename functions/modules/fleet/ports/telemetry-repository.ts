import type { Reading } from '../domain/reading.js';

/** One ingest batch of one tenant. */
export interface BatchRef {
  readonly tenantId: string;
  readonly batchId: string;
}

/**
 * What ingest left for the stream consumer about one batch: `published` (its fast path published
 * it: skip it) or `handedOver` (its fast path failed: publish it now, do not wait for the deadline).
 */
export type BatchMarkStatus = 'published' | 'handedOver';

/** A batch with the mark ingest left for it. */
export interface BatchMark extends BatchRef {
  readonly status: BatchMarkStatus;
}

/** Options of {@link TelemetryRepository.saveNew}. */
export interface SaveNewOptions {
  /**
   * When the request storing the batch is over, dead or alive (its start plus its function's
   * timeout): until then the stream consumer leaves an unmarked batch to ingest's fast path.
   * Stored with every reading as `publishBy`. @default none: the consumer's short legacy grace
   */
  readonly publishBy?: Date;
  /**
   * Per vehicle, the newest instant that may already be stored (its state's `lastSeenAt`): only
   * readings at or before it are looked up; a vehicle without an entry has nothing stored. Without
   * the option every reading is looked up. @default look up every reading
   */
  readonly storedUpTo?: ReadonlyMap<string, string>;
}

/** Readings, keyed by (tenant, vehicle, ts), and which ingest batches ingest itself published. */
export interface TelemetryRepository {
  /**
   * Stores the readings not seen before and returns exactly those. Every stored reading reaches
   * evaluation through the table's stream (docs/adr/0061), so storing is accepting.
   * `batchId` travels with each reading into the `telemetry.received` event.
   */
  saveNew(
    tenantId: string,
    batchId: string,
    readings: readonly Reading[],
    options?: SaveNewOptions,
  ): Promise<Reading[]>;
  /**
   * Records that these batches were published by ingest's fast path, so the stream consumer
   * skips them. Written only after the publish succeeded: a missing mark means "publish it".
   */
  markPublished(batches: readonly BatchRef[]): Promise<void>;
  /**
   * Records that ingest's fast path failed for these batches, so the stream consumer publishes them
   * at once instead of waiting for their `publishBy`. Best effort: without it the deadline holds.
   */
  markHandedOver(batches: readonly BatchRef[]): Promise<void>;
  /** The marks of `batches` that have one (strongly consistent read); unmarked batches are left out. */
  batchMarks(batches: readonly BatchRef[]): Promise<BatchMark[]>;
}
