import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type StreamLambdaHandler, streamBatchHandler } from '../../../platform/events/stream-handler.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbFleetRepository } from '../adapters/dynamodb-fleet-repository.js';
import { dynamoDbTelemetryRepository } from '../adapters/dynamodb-telemetry-repository.js';
import { loggedBatchPartFromItem } from '../adapters/ingest-log-items.js';
import type { LoggedBatchPart } from '../ports/ingest-log.js';
import { INGEST_LOG_TABLE } from '../tables.js';
import { groupParts, publishUnpublished, storeReadings } from '../use-cases/publish-readings.js';

const bindings = {
  fleet: dynamoDbFleetRepository.readWrite,
  events: eventBridgeBus,
  telemetry: dynamoDbTelemetryRepository.readWrite,
};
export type PublishReadingsDeps = DepsOf<typeof bindings>;

/**
 * The ingest log's stream → the telemetry table, vehicle state and `telemetry.received` (C2):
 * stores every logged batch's readings (the history and the idempotency keys), moves vehicle state,
 * and publishes every batch that ingest's fast path did not mark as published. Only INSERTs are new
 * batches. A failed batch is retried by the stream (and parked with its records in the mapping's
 * DLQ after the retries), so a logged reading always reaches the table and the bus, or a DLQ
 * (docs/adr/0061, docs/adr/0135).
 */
export function createPublishReadingsHandler(
  deps: PublishReadingsDeps,
  options: { readonly sleep?: (ms: number) => Promise<void> } = {},
): StreamLambdaHandler {
  return streamBatchHandler({ declaration: publishReadingsFunction, deps }, async (records) => {
    const parts = records.flatMap((record): LoggedBatchPart[] => {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return [];
      const part = loggedBatchPartFromItem(unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>));
      return part ? [part] : [];
    });
    if (parts.length === 0) return;
    const batches = groupParts(parts);
    const stored = await storeReadings(deps, batches);
    const outcome = await publishUnpublished({ ...deps, ...options }, batches);
    const readings = outcome.published.reduce((sum, batch) => sum + batch.readings.length, 0);
    count(deps.metrics, 'readingsStored', stored);
    // Non-zero only when ingest's fast path failed, died or lost the race to its own mark.
    count(deps.metrics, 'readingsPublishedByStream', readings);
    count(deps.metrics, 'batchesPublishedByIngest', outcome.skipped);
    // Time the shard waited for marks of batches whose ingest was still running.
    if (outcome.waitedMs > 0) deps.metrics.addMetric('markWaitTime', 'Milliseconds', outcome.waitedMs);
    deps.logger.info('Logged batches handled', {
      records: records.length,
      storedReadings: stored,
      publishedBatches: outcome.published.length,
      skippedBatches: outcome.skipped,
      waitedMs: outcome.waitedMs,
    });
  });
}

export const publishReadingsFunction = defineFunction({
  name: 'publishReadings',
  description:
    'Ingest log stream: stores logged readings, moves vehicle state, publishes the batches ingest did not (telemetry.received)',
  entry: 'functions/modules/fleet/handlers/publish-readings.lambda.ts',
  triggers: [
    {
      kind: 'stream',
      table: INGEST_LOG_TABLE,
      // A record is a batch part (up to 500 readings): 5 of them are 2,500 item writes, about a
      // second on DynamoDB Local, so a backlog (a restart, an overload) drains in steps well within
      // the timeout and history moves every second or so rather than in 10-second jumps.
      batchSize: 5,
      startingPosition: 'TRIM_HORIZON',
      retryAttempts: 10,
      eventNames: ['INSERT'],
      // Ingest's fast path publishes and marks nearly every batch within milliseconds, so this
      // consumer is on no alert's way, only the history's. Gathering a second of batches makes one
      // mark read and larger writes per second under load instead of per batch (ADR 0028).
      maximumBatchingWindowSeconds: 1,
    },
  ],
  bindings,
  factory: createPublishReadingsHandler,
  timeoutSeconds: 30,
});
