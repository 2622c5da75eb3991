import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { count } from '../../../platform/observability/observability.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbFleetRepository } from '../adapters/dynamodb-fleet-repository.js';
import { dynamoDbIngestLog } from '../adapters/dynamodb-ingest-log.js';
import { dynamoDbTelemetryRepository } from '../adapters/dynamodb-telemetry-repository.js';
import { ingestReadings } from '../use-cases/ingest-readings.js';
import { checkBatchSize, telemetryBatchSchema } from './reading-schema.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  telemetry: dynamoDbTelemetryRepository.readWrite,
  ingestLog: dynamoDbIngestLog.readWrite,
  fleet: dynamoDbFleetRepository.read,
  events: eventBridgeBus,
};
export type IngestTelemetryDeps = DepsOf<typeof bindings>;

/** `202` body of `POST /v1/telemetry`. */
export interface IngestTelemetryResponse {
  /** Readings in the batch, new or not: all of them are now in the ingest log or stored. */
  readonly accepted: number;
  /** Of those, readings already stored (or accepted) before, or repeated within the batch. */
  readonly duplicates: number;
}

/**
 * `POST /v1/telemetry` (C2): validate the batch (at most 500 readings, plausible and storable
 * values), then the `ingestReadings` use case. A 202 means every new reading is in the ingest log,
 * and a logged reading is always stored and evaluated: published at once by the fast path, else by
 * the log's stream (docs/adr/0061, docs/adr/0135).
 */
export function createIngestTelemetryHandler(deps: IngestTelemetryDeps): HttpLambdaHandler {
  const schema = telemetryBatchSchema(deps.clock);
  return httpHandler(
    {
      declaration: ingestTelemetry,
      deps,
      precheck: checkBatchSize,
      body: () => schema,
    },
    async ({ identity, body }) => {
      const result = await ingestReadings(deps, {
        tenantId: identity.tenantId,
        readings: body.readings,
        publishWithinMs: INGEST_TIMEOUT_SECONDS * 1000,
      });
      count(deps.metrics, 'readingsAccepted', result.fresh.length);
      count(deps.metrics, 'readingsDuplicate', result.duplicates);
      if (result.publishError !== undefined) {
        // Logged, so accepted: the log's consumer publishes the batch (again, if only the mark failed).
        count(deps.metrics, 'fastPathPublishFailures', 1);
        deps.logger.warn('Fast-path publish or mark failed; the ingest log consumer will publish the batch', {
          batchId: result.batchId,
          error: result.publishError as Error,
        });
      }
      deps.logger.info('Telemetry batch ingested', {
        batchId: result.batchId,
        received: body.readings.length,
        new: result.fresh.length,
        duplicates: result.duplicates,
      });
      const response: IngestTelemetryResponse = { accepted: result.accepted, duplicates: result.duplicates };
      return { statusCode: 202, body: response };
    },
  );
}

/** The function's timeout, which is also how long its fast path has to mark a batch (ADR 0061). */
const INGEST_TIMEOUT_SECONDS = 15;

export const ingestTelemetry = defineFunction({
  name: 'ingestTelemetry',
  description: 'POST /v1/telemetry: validate a batch of readings of known vehicles, log the new ones and publish them',
  entry: 'functions/modules/fleet/handlers/ingest-telemetry.lambda.ts',
  triggers: [
    { kind: 'http', method: 'POST', path: '/v1/telemetry', roles: ['admin', 'partner'], scopes: ['telemetry:write'] },
  ],
  bindings,
  factory: createIngestTelemetryHandler,
  timeoutSeconds: INGEST_TIMEOUT_SECONDS,
});
