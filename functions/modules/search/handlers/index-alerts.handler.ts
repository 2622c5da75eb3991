import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { Alert } from '../../alerts/domain/alert.js';
import { ALERTS_TABLE } from '../../alerts/tables.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import type { SearchDocument } from '../ports/search-index.js';

const bindings = { search: openSearchIndex };
export type IndexAlertsDeps = DepsOf<typeof bindings>;

/** The searchable projection of an alert (C9): flat fields, the reading left out. */
export function alertDocument(alert: Alert): SearchDocument {
  return {
    tenantId: alert.tenantId,
    collection: 'alerts',
    id: alert.alertId,
    fields: {
      alertId: alert.alertId,
      vehicleId: alert.vehicleId,
      type: alert.type,
      severity: alert.severity,
      status: alert.status,
      message: alert.message,
      raisedAt: alert.raisedAt,
    },
  };
}

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function imageOf(image: Image | undefined): Record<string, unknown> | undefined {
  // aws-lambda's and the SDK's AttributeValue describe the same wire format under different types.
  return image ? unmarshall(image as unknown as Record<string, AttributeValue>) : undefined;
}

/**
 * Alerts table stream → search index. Only alert items are indexed; open-alert locks, delivery
 * claims and delivery records share the table and are skipped.
 */
export function createIndexAlertsHandler(deps: IndexAlertsDeps): StreamLambdaHandler {
  return streamHandler({ declaration: indexAlerts, deps }, async (record) => {
    const newImage = imageOf(record.dynamodb?.NewImage);
    const oldImage = imageOf(record.dynamodb?.OldImage);
    const image = newImage ?? oldImage;
    if (image?.entity !== 'alert') return;
    const alert = image as unknown as Alert;
    if (record.eventName === 'REMOVE') {
      await deps.search.remove([{ tenantId: alert.tenantId, collection: 'alerts', id: alert.alertId }]);
    } else {
      await deps.search.upsert([alertDocument(alert)]);
    }
  });
}

export const indexAlerts = defineFunction({
  name: 'indexAlerts',
  description: 'Keeps the search index in step with the alerts table (DynamoDB stream)',
  entry: 'functions/modules/search/handlers/index-alerts.lambda.ts',
  triggers: [{ kind: 'stream', table: ALERTS_TABLE, batchSize: 100, startingPosition: 'LATEST' }],
  timeoutSeconds: 30,
  bindings,
  factory: createIndexAlertsHandler,
});
