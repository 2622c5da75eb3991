import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from '../domain/alerts/alert.js';
import type { PlatformDeps } from '../platform/deps.js';
import { type HttpLambdaHandler, httpHandler } from '../shared/http.js';
import { declarationOf } from '../wiring/functions.js';

export type ListAlertsDeps = Pick<PlatformDeps, 'alerts' | 'logger' | 'metrics'>;

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
  return httpHandler(
    { declaration: declarationOf('listAlerts'), deps, query: listAlertsQuery },
    async ({ identity, query }) => {
      const { limit, cursor, ...filter } = query;
      const page = await deps.alerts.list(identity.tenantId, filter, limit, cursor);
      return { statusCode: 200, body: page.nextCursor ? page : { items: page.items } };
    },
  );
}
