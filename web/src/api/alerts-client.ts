import type { QueuedRequest } from '../offline/action-queue.js';
import { apiRequest } from './http.js';
import type { Alert, AlertStatus, Severity } from './types.js';

/** Filters of the recent-alerts list. */
export interface AlertFilters {
  readonly severity?: Severity | undefined;
  readonly status?: AlertStatus | undefined;
}

/** `GET /v1/alerts`: the tenant's alerts, newest first. */
export async function listAlerts(filters: AlertFilters = {}, limit = 25): Promise<Alert[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.severity) query.set('severity', filters.severity);
  if (filters.status) query.set('status', filters.status);
  const page = await apiRequest<{ items: Alert[] }>(`/v1/alerts?${query}`);
  return page.items;
}

/**
 * `POST /v1/alerts/{alertId}/acknowledge` as a queued request, so it survives going offline; the
 * queue adds the Idempotency-Key that makes a replay harmless.
 */
export function acknowledgeRequest(alertId: string, note?: string): QueuedRequest {
  return {
    kind: 'alert.acknowledge',
    subject: alertId,
    method: 'POST',
    path: `/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`,
    body: note ? { note } : {},
  };
}

/** Keeps the alerts that pass the filters: the offline copy is filtered the way the server would. */
export function applyFilters(alerts: readonly Alert[], filters: AlertFilters): Alert[] {
  return alerts.filter(
    (a) => (!filters.severity || a.severity === filters.severity) && (!filters.status || a.status === filters.status),
  );
}
