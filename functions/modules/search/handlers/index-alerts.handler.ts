import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ALERTS_TABLE } from '../../alerts/tables.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import { indexableAlertSchema } from '../events.js';
import { forgetAlert, indexAlert } from '../use-cases/index-documents.js';

const bindings = { search: openSearchIndex };
export type IndexAlertsDeps = DepsOf<typeof bindings>;

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function imageOf(image: Image | undefined): Record<string, unknown> | undefined {
  // aws-lambda's and the SDK's AttributeValue describe the same wire format under different types.
  return image ? unmarshall(image as unknown as Record<string, AttributeValue>) : undefined;
}

/**
 * Alerts table stream → search index. Every write of an alert item reaches it — the raise and every
 * lifecycle change (acknowledge, assign, note, resolve, auto-resolve) — in order per item, so the
 * index's status and severity filters follow the table; the alert's version (its history length)
 * also keeps a replayed older image from overwriting a newer one. Open-alert locks, delivery claims
 * and delivery records share the table and are skipped.
 */
export function createIndexAlertsHandler(deps: IndexAlertsDeps): StreamLambdaHandler {
  return streamHandler({ declaration: indexAlerts, deps }, async (record) => {
    const image = imageOf(record.dynamodb?.NewImage) ?? imageOf(record.dynamodb?.OldImage);
    if (image?.entity !== 'alert') return;
    // A malformed alert fails loudly (the record is retried, then dead-lettered), never half-indexed.
    const alert = parseOrThrow(indexableAlertSchema, image, 'alert');
    if (record.eventName === 'REMOVE') await forgetAlert(deps, alert);
    else await indexAlert(deps, alert);
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
