import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ALERT_RAISED_PATTERN, alertSchema } from '../../alerts/events.js';
import { startNotifications } from '../use-cases/escalation-ladder.js';
import { DELIVERY_BINDINGS } from './notification-deps.js';
import { retryDelaysFromEnvironment } from './retry-delays.js';

const bindings = DELIVERY_BINDINGS;
export type NotifyAlertDeps = DepsOf<typeof bindings>;

/** `alert.raised` → the people of level 0 of the alert's escalation policy, and the next level's timer. */
export function createNotifyAlertHandler(deps: NotifyAlertDeps): BusLambdaHandler {
  const retryDelaysMs = retryDelaysFromEnvironment();
  return eventHandler({ declaration: notifyAlert, deps, detail: alertSchema }, async (alert) => {
    deps.logger.appendKeys({ tenantId: alert.tenantId, alertId: alert.alertId });
    await startNotifications({ ...deps, retryDelaysMs }, alert);
  });
}

export const notifyAlert = defineFunction({
  name: 'notifyAlert',
  description: 'alert.raised: tells people by their preferences and quiet hours, and starts the escalation ladder',
  entry: 'functions/modules/notifications/handlers/notify-alert.lambda.ts',
  triggers: [{ kind: 'event', pattern: ALERT_RAISED_PATTERN }],
  timeoutSeconds: 60,
  bindings,
  factory: createNotifyAlertHandler,
});
