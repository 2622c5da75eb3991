import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import { listAlertsQuery } from './alert-routes.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, alerts: dynamoDbAlertRepository.read };
export type ListAlertsDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/alerts`: the caller's tenant's alerts, newest first, filtered by status, severity and
 * vehicle, one page at a time. The tenant comes from the token only; a cursor issued to another
 * tenant answers 400 INVALID_CURSOR.
 */
export function createListAlertsHandler(deps: ListAlertsDeps): HttpLambdaHandler {
  return httpHandler({ declaration: listAlerts, deps, query: listAlertsQuery }, async ({ identity, query }) => {
    const { limit, cursor, ...filter } = query;
    const page = await deps.alerts.list(identity.tenantId, filter, limit, cursor);
    return { statusCode: 200, body: page.nextCursor ? page : { items: page.items } };
  });
}

export const listAlerts = defineFunction({
  name: 'listAlerts',
  description: 'GET /v1/alerts: the tenant alerts, newest first, filtered, cursor-paginated',
  entry: 'functions/modules/alerts/handlers/list-alerts.lambda.ts',
  triggers: [
    {
      kind: 'http',
      method: 'GET',
      path: '/v1/alerts',
      roles: ['admin', 'fleet_manager', 'dispatcher', 'agent'],
      scopes: ['alerts:read'],
    },
  ],
  bindings,
  factory: createListAlertsHandler,
});
