import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type StreamLambdaHandler, streamBatchHandler } from '../../../platform/events/stream-handler.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbFleetRepository } from '../adapters/dynamodb-fleet-repository.js';
import {
  dynamoDbTelemetryRepository,
  type StoredReading,
  storedReadingFromItem,
} from '../adapters/dynamodb-telemetry-repository.js';
import { TELEMETRY_TABLE } from '../tables.js';
import { groupByBatch, publishUnpublished } from '../use-cases/publish-readings.js';

const bindings = {
  fleet: dynamoDbFleetRepository.readWrite,
  events: eventBridgeBus,
  telemetry: dynamoDbTelemetryRepository.read,
};
export type PublishReadingsDeps = DepsOf<typeof bindings>;

/**
 * The telemetry table's stream → vehicle state and `telemetry.received` (C2) for every batch that
 * ingest's fast path did not mark as published. Only INSERTs are new readings: a MODIFY is a
 * concurrent resend rewriting an identical item, and the marks themselves are not readings. A failed batch is retried
 * by the stream (and parked with its records in the mapping's DLQ after the retries), so a stored
 * reading always reaches the bus or a DLQ (docs/adr/0061).
 */
export function createPublishReadingsHandler(
  deps: PublishReadingsDeps,
  options: { readonly sleep?: (ms: number) => Promise<void> } = {},
): StreamLambdaHandler {
  return streamBatchHandler({ declaration: publishReadingsFunction, deps }, async (records) => {
    const stored = records.flatMap((record): StoredReading[] => {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return [];
      const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      const reading = storedReadingFromItem(item);
      return reading ? [reading] : [];
    });
    if (stored.length === 0) return;
    const outcome = await publishUnpublished({ ...deps, ...options }, groupByBatch(stored));
    const readings = outcome.published.reduce((sum, batch) => sum + batch.readings.length, 0);
    // Non-zero only when ingest's fast path failed, died or lost the race to its own mark.
    count(deps.metrics, 'readingsPublishedByStream', readings);
    count(deps.metrics, 'batchesPublishedByIngest', outcome.skipped);
    // Time the shard waited for marks of batches whose ingest was still running.
    if (outcome.waitedMs > 0) deps.metrics.addMetric('markWaitTime', 'Milliseconds', outcome.waitedMs);
    deps.logger.info('Stored readings handled', {
      records: records.length,
      publishedBatches: outcome.published.length,
      skippedBatches: outcome.skipped,
      waitedMs: outcome.waitedMs,
    });
  });
}

export const publishReadingsFunction = defineFunction({
  name: 'publishReadings',
  description: 'Telemetry table stream: publishes the batches ingest did not (vehicle state + telemetry.received)',
  entry: 'functions/modules/fleet/handlers/publish-readings.lambda.ts',
  triggers: [
    {
      kind: 'stream',
      table: TELEMETRY_TABLE,
      batchSize: 500,
      startingPosition: 'TRIM_HORIZON',
      retryAttempts: 10,
      eventNames: ['INSERT'],
      // Ingest's fast path publishes and marks nearly every batch within milliseconds; this
      // consumer only reads the marks. Gathering a second of records makes one mark read per
      // second under load instead of one per handful of records (ADR 0028).
      maximumBatchingWindowSeconds: 1,
    },
  ],
  bindings,
  factory: createPublishReadingsHandler,
  timeoutSeconds: 30,
});
