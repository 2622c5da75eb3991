import type { OpenAlertLedger } from '../ports/open-alert-ledger.js';

/** The fields of an alert event this context needs (validated with fleet's own schema). */
export interface AlertChange {
  readonly tenantId: string;
  readonly alertId: string;
  readonly vehicleId: string;
}

/** What happened to the alert. */
export type AlertChangeKind = 'raised' | 'resolved';

/**
 * Keeps a vehicle's open alerts (`openAlerts` of its state) in step with the alert lifecycle: a
 * raised alert is added to the vehicle's open set, a resolved one removed. Idempotent and order
 * independent (OpenAlertLedger), so EventBridge redelivery and reordering are harmless.
 */
export async function trackOpenAlerts(
  ports: { readonly openAlerts: OpenAlertLedger },
  kind: AlertChangeKind,
  alert: AlertChange,
): Promise<void> {
  if (kind === 'raised') await ports.openAlerts.opened(alert.tenantId, alert.vehicleId, alert.alertId);
  else await ports.openAlerts.resolved(alert.tenantId, alert.vehicleId, alert.alertId);
}
