/**
 * The open alerts of each vehicle, kept from `alert.raised` / `alert.resolved`. Both calls are
 * idempotent and commute: a redelivered event changes nothing, and a `raised` delivered after the
 * `resolved` of the same alert does not reopen it.
 */
export interface OpenAlertLedger {
  opened(tenantId: string, vehicleId: string, alertId: string): Promise<void>;
  resolved(tenantId: string, vehicleId: string, alertId: string): Promise<void>;
}
