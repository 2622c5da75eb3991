import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ALERT_EVENTS, ALERT_RAISED_PATTERN, alertSchema } from '../../alerts/events.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { dynamoDbDeliveryLog } from '../adapters/dynamodb-delivery-log.js';
import { snsNotifier } from '../adapters/sns-notifier.js';
import { deliverAlert } from '../use-cases/deliver-alert.js';

const bindings = {
  fleet: dynamoDbFleetRepository.read,
  connections: dynamoDbConnectionRepository.readWrite,
  deliveries: dynamoDbDeliveryLog.readWrite,
  gateway: apiGatewayConnections,
  notifier: snsNotifier('sms'),
};
export type DispatchAlertDeps = DepsOf<typeof bindings>;

/** `alert.raised` → the `deliverAlert` use case (C5). Throws to have EventBridge retry the failures. */
export function createDispatchAlertHandler(deps: DispatchAlertDeps): BusLambdaHandler {
  return eventHandler({ declaration: dispatchAlert, deps, detail: alertSchema }, async (alert, event) => {
    if (event['detail-type'] !== ALERT_EVENTS.alertRaised) {
      deps.logger.warn('Ignoring an event this function does not handle', { detailType: event['detail-type'] });
      return;
    }
    await deliverAlert(deps, alert);
  });
}

export const dispatchAlert = defineFunction({
  name: 'dispatchAlert',
  description: 'Pushes alert.raised to the tenant watchers over WebSocket and texts the on-call number',
  entry: 'functions/modules/notifications/handlers/dispatch-alert.lambda.ts',
  triggers: [{ kind: 'event', pattern: ALERT_RAISED_PATTERN }],
  timeoutSeconds: 30,
  bindings,
  factory: createDispatchAlertHandler,
});
