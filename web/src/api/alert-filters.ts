import type { Alert, AlertStatus, Severity } from './types.js';

/** Filters of the alert inbox; all optional, all combined. */
export interface AlertFilters {
  readonly severity?: Severity | undefined;
  readonly status?: AlertStatus | undefined;
  readonly vehicleId?: string | undefined;
  /** Inclusive bounds on `raisedAt`, ISO 8601 instants. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** True when the alert passes every filter that is set: the offline copy is filtered as the server would. */
export function matchesFilters(alert: Alert, filters: AlertFilters): boolean {
  return (
    (!filters.severity || alert.severity === filters.severity) &&
    (!filters.status || alert.status === filters.status) &&
    (!filters.vehicleId || alert.vehicleId === filters.vehicleId) &&
    (!filters.from || Date.parse(alert.raisedAt) >= Date.parse(filters.from)) &&
    (!filters.to || Date.parse(alert.raisedAt) <= Date.parse(filters.to))
  );
}
