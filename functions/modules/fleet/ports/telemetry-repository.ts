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

/** Options of {@link TelemetryRepository.unseen}. */
export interface UnseenOptions {
  /**
   * Per vehicle, the newest instant that may already be stored (its state's `lastSeenAt`): only
   * readings at or before it are looked up; a vehicle without an entry has nothing stored. Without
   * the option every reading is looked up. @default look up every reading
   */
  readonly storedUpTo?: ReadonlyMap<string, string>;
}

/** Options of {@link TelemetryRepository.store}. */
export interface StoreOptions {
  /** When ingest accepted the readings (ISO 8601), kept with each; retention counts from it. @default now */
  readonly receivedAt?: string;
}

/** Readings, keyed by (tenant, vehicle, ts), and which ingest batches ingest itself published. */
export interface TelemetryRepository {
  /**
   * The readings neither stored before nor accepted by this caller recently (a resend before the
   * ingest log's consumer stored the first copy), in their order: the batch's new readings.
   */
  unseen(tenantId: string, readings: readonly Reading[], options?: UnseenOptions): Promise<Reading[]>;
  /** Remembers readings just accepted (logged), so a resend is a duplicate before they are stored. */
  noteAccepted(tenantId: string, readings: readonly Reading[]): void;
  /**
   * Writes the readings' items, the history and the idempotency keys; idempotent (a key always gets
   * the same item). The ingest log's consumer calls it for every accepted batch (docs/adr/0135).
   */
  store(tenantId: string, batchId: string, readings: readonly Reading[], options?: StoreOptions): Promise<void>;
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
