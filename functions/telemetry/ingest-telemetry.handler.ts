import { ulid } from 'ulid';
import { chunkBySize, collapseDuplicates } from '../domain/telemetry/batch.js';
import type { Reading, TelemetryReceived } from '../domain/telemetry/reading.js';
import type { PlatformDeps } from '../platform/deps.js';
import { TemporarilyUnavailable } from '../shared/errors.js';
import { type HttpLambdaHandler, httpHandler } from '../shared/http.js';
import { count } from '../shared/observability.js';
import { DETAIL_TYPES, EVENT_SOURCES } from '../wiring/events.js';
import { declarationOf } from '../wiring/functions.js';
import { checkBatchSize, telemetryBatchSchema } from './reading-schema.js';

export type IngestTelemetryDeps = Pick<PlatformDeps, 'telemetry' | 'fleet' | 'events' | 'clock' | 'logger' | 'metrics'>;

/** `202` body of `POST /v1/telemetry`. */
export interface IngestTelemetryResponse {
  /** Readings in the batch, new or not: all of them are now stored. */
  readonly accepted: number;
  /** Of those, readings already stored before or repeated within the batch. */
  readonly duplicates: number;
}

/**
 * `POST /v1/telemetry` (PRODUCT.md C2):
 * 1. validate the batch (at most 500 readings, plausible values) and collapse repeats;
 * 2. store the readings not seen before (conditional writes: resends are duplicates);
 * 3. move each vehicle's state forward;
 * 4. publish one `telemetry.received` event with the new readings (split only past EventBridge's size limit).
 * If 3 or 4 fails, the new readings are deleted again and the client gets 503 + Retry-After, so
 * its retry re-processes them: nothing accepted is ever silently dropped.
 */
export function createIngestTelemetryHandler(deps: IngestTelemetryDeps): HttpLambdaHandler {
  return httpHandler(
    {
      declaration: declarationOf('ingestTelemetry'),
      deps,
      precheck: checkBatchSize,
      body: () => telemetryBatchSchema(deps.clock.now()),
    },
    async ({ identity, body }) => {
      const { tenantId } = identity;
      const unique = collapseDuplicates(body.readings);
      const fresh = await deps.telemetry.saveNew(tenantId, unique);
      if (fresh.length > 0) await completeOrRollBack(deps, tenantId, fresh);

      const duplicates = body.readings.length - fresh.length;
      count(deps.metrics, 'readingsAccepted', fresh.length);
      count(deps.metrics, 'readingsDuplicate', duplicates);
      deps.logger.info('Telemetry batch ingested', { received: body.readings.length, new: fresh.length, duplicates });
      const response: IngestTelemetryResponse = { accepted: body.readings.length, duplicates };
      return { statusCode: 202, body: response };
    },
  );
}

/** Room left for the envelope under EventBridge's 256 KB entry limit. */
const MAX_EVENT_READINGS_BYTES = 200_000;

async function completeOrRollBack(deps: IngestTelemetryDeps, tenantId: string, fresh: Reading[]): Promise<void> {
  const batchId = ulid();
  // One event per batch; only an oversized batch is split so that it can be published at all.
  const events = chunkBySize(fresh, MAX_EVENT_READINGS_BYTES).map((readings) => {
    const detail: TelemetryReceived = { tenantId, batchId, readings };
    return { source: EVENT_SOURCES.telemetry, detailType: DETAIL_TYPES.telemetryReceived, detail };
  });
  try {
    await deps.fleet.updateVehicleState(tenantId, fresh);
    await deps.events.publish(events);
  } catch (error) {
    deps.logger.error('Could not complete the batch; forgetting its readings so a retry re-processes them', {
      batchId,
      error: error instanceof Error ? error : String(error),
    });
    count(deps.metrics, 'telemetryPublishFailed');
    // If this delete fails too the error propagates as a 500: the client retries, and the stored
    // readings are then reported as duplicates. Logged above with the batch id for replay.
    await deps.telemetry.remove(tenantId, fresh);
    throw new TemporarilyUnavailable('The telemetry batch could not be processed; retry it', 5);
  }
}
