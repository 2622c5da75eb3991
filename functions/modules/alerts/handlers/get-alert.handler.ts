import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import { AlertNotFound } from '../errors.js';
import { ALERT_READERS, alertPath } from './alert-routes.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, alerts: dynamoDbAlertRepository.read };
export type GetAlertDeps = DepsOf<typeof bindings>;

/** `GET /v1/alerts/{alertId}`: one alert of the caller's tenant with its history; any other id is 404. */
export function createGetAlertHandler(deps: GetAlertDeps): HttpLambdaHandler {
  return httpHandler({ declaration: getAlert, deps, path: alertPath }, async ({ identity, path }) => {
    const alert = await deps.alerts.get(identity.tenantId, path.alertId);
    if (!alert) throw new AlertNotFound(path.alertId);
    return { statusCode: 200, body: alert };
  });
}

export const getAlert = defineFunction({
  name: 'getAlert',
  description: 'GET /v1/alerts/{alertId}: one alert with its readings and history',
  entry: 'functions/modules/alerts/handlers/get-alert.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/alerts/{alertId}', roles: [...ALERT_READERS], scopes: ['alerts:read'] },
  ],
  bindings,
  factory: createGetAlertHandler,
});
