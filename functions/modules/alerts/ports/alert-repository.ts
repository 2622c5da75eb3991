import type { Alert, AlertStatus, Severity } from '../domain/alert.js';

export interface AlertFilter {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly vehicleId?: string;
}

export interface AlertPage {
  readonly items: Alert[];
  /** Opaque; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * `raised: false` names the alert that is already open, so a retried evaluation that finds its own
 * earlier alert (same deterministic id) can still publish it.
 */
export type RaiseResult =
  | { readonly raised: true; readonly alert: Alert }
  | { readonly raised: false; readonly openAlertId?: string };

export interface AlertRepository {
  /**
   * Raises the alert unless one is already open for (tenant, vehicle, type): one fault, one
   * alert. Atomic (conditional write), so concurrent evaluations cannot both raise.
   */
  raiseIfNotOpen(alert: Alert): Promise<RaiseResult>;
  get(tenantId: string, alertId: string): Promise<Alert | undefined>;
  /** Newest first. Throws InvalidCursor for a cursor that is not this tenant's. */
  list(tenantId: string, filter: AlertFilter, limit: number, cursor?: string): Promise<AlertPage>;
}
