import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { Alert } from '../../alerts/domain/alert.js';
import { alertSchema } from '../../alerts/events.js';
import { apiGatewayConnections } from '../adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../adapters/dynamodb-connection-repository.js';
import { ALERT_STREAM_PATTERN, alertFrameType } from '../events.js';
import { FanOutFailed, fanOutToAlertWatchers } from '../use-cases/fan-out-to-watchers.js';

const bindings = { connections: dynamoDbConnectionRepository.readWrite, gateway: apiGatewayConnections };
export type PushAlertUpdatesDeps = DepsOf<typeof bindings>;

/**
 * `alert.raised` → an `alert.raised` frame, and every lifecycle change (`alert.acknowledged`,
 * `resolved`, `assigned`, `noted`, `escalated`) → an `alert.updated` frame, each with the whole
 * alert, on every live connection of the tenant that watches alerts. Nothing is written per push
 * (docs/adr/0084): a failed push throws so the bus retries, and a retry may repeat a frame to a
 * socket that already had it, which is harmless because the frame carries the whole alert and
 * clients key alerts by id.
 */
export function createPushAlertUpdatesHandler(deps: PushAlertUpdatesDeps): BusLambdaHandler {
  return eventHandler({ declaration: pushAlertUpdates, deps, detail: alertSchema }, async (alert, event) => {
    const type = alertFrameType(event['detail-type']);
    if (!type) {
      deps.logger.warn('Ignoring an event this function does not handle', { detailType: event['detail-type'] });
      return;
    }
    deps.logger.appendKeys({ tenantId: alert.tenantId, alertId: alert.alertId });
    const frame: Frame<Alert> = { type, data: alert };
    const result = await fanOutToAlertWatchers(deps, alert.tenantId, frame);
    if (result.failed.length > 0) throw new FanOutFailed(result.failed);
  });
}

export const pushAlertUpdates = defineFunction({
  name: 'pushAlertUpdates',
  description: 'Pushes alert.raised and alert.updated (the whole alert) to the tenant watchers',
  entry: 'functions/modules/realtime/handlers/push-alert-updates.lambda.ts',
  triggers: [{ kind: 'event', pattern: ALERT_STREAM_PATTERN }],
  bindings,
  factory: createPushAlertUpdatesHandler,
});
