import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { Alert } from '../../alerts/domain/alert.js';
import { alertSchema } from '../../alerts/events.js';
import { apiGatewayConnections } from '../adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../adapters/dynamodb-connection-repository.js';
import { ALERT_LIFECYCLE_PATTERN, FRAME_TYPES, isAlertLifecycleDetailType } from '../events.js';
import { FanOutFailed, fanOutToAlertWatchers } from '../use-cases/fan-out-to-watchers.js';

const bindings = { connections: dynamoDbConnectionRepository.readWrite, gateway: apiGatewayConnections };
export type PushAlertUpdatesDeps = DepsOf<typeof bindings>;

/**
 * `alert.acknowledged` / `resolved` / `assigned` / `noted` → an `alert.updated` frame (the whole
 * alert) on every live connection of the tenant that watches alerts. A failed push throws so the
 * bus retries; a retry may repeat a frame to a socket that already had it, which is harmless
 * because the frame carries the whole alert, not a delta.
 */
export function createPushAlertUpdatesHandler(deps: PushAlertUpdatesDeps): BusLambdaHandler {
  return eventHandler({ declaration: pushAlertUpdates, deps, detail: alertSchema }, async (alert, event) => {
    if (!isAlertLifecycleDetailType(event['detail-type'])) {
      deps.logger.warn('Ignoring an event this function does not handle', { detailType: event['detail-type'] });
      return;
    }
    deps.logger.appendKeys({ tenantId: alert.tenantId, alertId: alert.alertId });
    const frame: Frame<Alert> = { type: FRAME_TYPES.alertUpdated, data: alert };
    const result = await fanOutToAlertWatchers(deps, alert.tenantId, frame);
    if (result.failed.length > 0) throw new FanOutFailed(result.failed);
  });
}

export const pushAlertUpdates = defineFunction({
  name: 'pushAlertUpdates',
  description: 'Pushes alert.updated (the whole alert) to the tenant watchers on every lifecycle change',
  entry: 'functions/modules/realtime/handlers/push-alert-updates.lambda.ts',
  triggers: [{ kind: 'event', pattern: ALERT_LIFECYCLE_PATTERN }],
  bindings,
  factory: createPushAlertUpdatesHandler,
});
