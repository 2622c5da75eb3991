import type { Reading } from '../domain/reading.js';

/** One ingest batch as ingest accepted it. */
export interface AcceptedBatch {
  readonly tenantId: string;
  readonly batchId: string;
  /** The batch's readings not stored before (collapsed, validated, of the tenant's fleet). */
  readonly readings: readonly Reading[];
  /**
   * When the request appending the batch is over, dead or alive (its start plus its function's
   * timeout): until then the stream consumer leaves the batch's publication to ingest's fast path.
   */
  readonly publishBy: Date;
}

/** One part of a logged batch, as the log's stream hands it on. */
export interface LoggedBatchPart {
  readonly tenantId: string;
  readonly batchId: string;
  readonly readings: readonly Reading[];
  /** When ingest accepted the batch (ISO 8601). */
  readonly storedAt: string;
  /** When the request that accepted it is over (ISO 8601): its fast path has until then. */
  readonly publishBy: string;
}

/**
 * The durable record of every accepted batch (docs/adr/0135). Appending is accepting: the log's
 * stream stores each batch's readings in the telemetry table, moves vehicle state and publishes
 * what ingest's fast path did not, whatever dies after the append returned.
 */
export interface IngestLog {
  /** Appends the batch; resolves once it is durable, throws if any part of it is not. */
  append(batch: AcceptedBatch): Promise<void>;
}
