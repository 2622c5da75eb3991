import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../../alerts/adapters/dynamodb-alert-repository.js';
import { AlertNotFound } from '../../alerts/errors.js';
import { ALERT_HANDLERS, alertPath } from '../../alerts/handlers/alert-routes.js';
import { dynamoDbAttemptLog } from '../adapters/dynamodb-attempt-log.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  alerts: dynamoDbAlertRepository.read,
  attempts: dynamoDbAttemptLog.read,
};
export type AlertDeliveriesDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/alerts/{alertId}/deliveries` → `{items}`: every attempt to tell someone about the alert,
 * oldest first — `{channel, to (masked), status: sent|failed|suppressed|queued, reason?, attempt,
 * at, userId, step}`, suppressed and queued ones included. 404 for another tenant's alert.
 */
export function createAlertDeliveriesHandler(deps: AlertDeliveriesDeps): HttpLambdaHandler {
  return httpHandler({ declaration: alertDeliveries, deps, path: alertPath }, async ({ identity, path }) => {
    const alert = await deps.alerts.get(identity.tenantId, path.alertId);
    if (!alert) throw new AlertNotFound(path.alertId);
    const attempts = await deps.attempts.list(identity.tenantId, path.alertId);
    const items = attempts.map(({ tenantId: _t, alertId: _a, providerMessageId: _p, ...item }) => item);
    return { statusCode: 200, body: { items } };
  });
}

export const alertDeliveries = defineFunction({
  name: 'alertDeliveries',
  description: 'GET /v1/alerts/{alertId}/deliveries: the delivery record of an alert',
  entry: 'functions/modules/notifications/handlers/alert-deliveries.lambda.ts',
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/alerts/{alertId}/deliveries', roles: [...ALERT_HANDLERS] }],
  bindings,
  factory: createAlertDeliveriesHandler,
});
