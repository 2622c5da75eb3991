import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { alertSchema } from '../../alerts/events.js';
import { dynamoDbAlertStreamLog } from '../adapters/dynamodb-alert-stream-log.js';
import { ALERT_STREAM_PATTERN, alertFrameType } from '../events.js';

const bindings = { log: dynamoDbAlertStreamLog.readWrite };
export type RecordAlertStreamDeps = DepsOf<typeof bindings>;

/**
 * `alert.raised` and every lifecycle change → one entry of the tenant's alert stream log, which
 * `GET /v1/alerts/stream` serves and resumes from. Keyed by the bus event id, so a redelivery
 * appends nothing.
 */
export function createRecordAlertStreamHandler(deps: RecordAlertStreamDeps): BusLambdaHandler {
  return eventHandler({ declaration: recordAlertStream, deps, detail: alertSchema }, async (alert, event) => {
    const type = alertFrameType(event['detail-type']);
    if (!type) {
      deps.logger.warn('Ignoring an event this function does not handle', { detailType: event['detail-type'] });
      return;
    }
    deps.logger.appendKeys({ tenantId: alert.tenantId, alertId: alert.alertId });
    const { eventId, appended } = await deps.log.append({
      tenantId: alert.tenantId,
      sourceEventId: event.id,
      type,
      data: alert,
    });
    if (!appended) deps.logger.info('Event already in the alert stream', { streamEventId: eventId });
  });
}

export const recordAlertStream = defineFunction({
  name: 'recordAlertStream',
  description: 'Appends alert.raised and alert lifecycle events to the tenant alert stream log (SSE)',
  entry: 'functions/modules/realtime/handlers/record-alert-stream.lambda.ts',
  triggers: [{ kind: 'event', pattern: ALERT_STREAM_PATTERN }],
  bindings,
  factory: createRecordAlertStreamHandler,
});
