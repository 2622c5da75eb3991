import * as z from 'zod';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import { ALERT_STATUSES, SEVERITIES } from '../domain/alert.js';

const bindings = { alerts: dynamoDbAlertRepository.read };
export type ListAlertsDeps = DepsOf<typeof bindings>;

/** Query string of `GET /v1/alerts`; everything arrives as strings. */
export const listAlertsQuery = z.object({
  status: z.enum(ALERT_STATUSES, { error: `status must be one of ${ALERT_STATUSES.join(', ')}` }).optional(),
  severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` }).optional(),
  vehicleId: z.string().min(1).max(64).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(25),
  cursor: z.string().min(1).max(512).optional(),
});

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
    { kind: 'http', method: 'GET', path: '/v1/alerts', roles: ['admin', 'fleet_manager', 'dispatcher', 'agent'] },
  ],
  bindings,
  factory: createListAlertsHandler,
});
