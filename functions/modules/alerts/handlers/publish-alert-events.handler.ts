import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type StreamLambdaHandler, streamBatchHandler } from '../../../platform/events/stream-handler.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository, owedEventFromItem } from '../adapters/dynamodb-alert-repository.js';
import { ENTITY } from '../adapters/keys.js';
import type { OwedAlertEvent } from '../ports/alert-repository.js';
import { ALERTS_TABLE } from '../tables.js';
import { publishOwedEvents } from '../use-cases/publish-owed-events.js';

const bindings = { alerts: dynamoDbAlertRepository.readWrite, events: eventBridgeBus };
export type PublishAlertEventsDeps = DepsOf<typeof bindings>;

/**
 * Alerts table stream → the lifecycle events their requests did not publish (docs/adr/0063). A
 * lifecycle change writes its event into the table with the alert (an outbox item); the request
 * publishes and clears it, and this consumer publishes whatever is still owed once the request had
 * its chance, so a process that dies between the write and `PutEvents` loses nothing. Only INSERTs
 * of outbox items matter: alerts, locks and rules share the table and are skipped.
 */
export function createPublishAlertEventsHandler(
  deps: PublishAlertEventsDeps,
  options: { readonly sleep?: (ms: number) => Promise<void> } = {},
): StreamLambdaHandler {
  return streamBatchHandler({ declaration: publishAlertEvents, deps }, async (records) => {
    const owed = records.flatMap((record): OwedAlertEvent[] => {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return [];
      const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      return item.entity === ENTITY.owedEvent ? [owedEventFromItem(item)] : [];
    });
    if (owed.length === 0) return;
    const outcome = await publishOwedEvents({ ...deps, ...options }, owed);
    // Non-zero only when a request's publish failed or it died between its write and the bus.
    count(deps.metrics, 'alertEventsPublishedByStream', outcome.published.length);
    if (outcome.published.length > 0) {
      deps.logger.warn('Published lifecycle events their requests did not', {
        events: outcome.published.map((e) => ({ alertId: e.alertId, rev: e.rev, detailType: e.detailType })),
      });
    }
  });
}

export const publishAlertEvents = defineFunction({
  name: 'publishAlertEvents',
  description: 'Alerts table stream: publishes lifecycle events a request wrote but did not publish (outbox)',
  entry: 'functions/modules/alerts/handlers/publish-alert-events.lambda.ts',
  triggers: [
    {
      kind: 'stream',
      table: ALERTS_TABLE,
      batchSize: 100,
      startingPosition: 'TRIM_HORIZON',
      retryAttempts: 10,
      eventNames: ['INSERT'],
    },
  ],
  bindings,
  factory: createPublishAlertEventsHandler,
  timeoutSeconds: 30,
});
