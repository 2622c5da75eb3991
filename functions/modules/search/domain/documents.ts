import type { IndexableAlert, VehicleChanged } from '../events.js';
import type { SearchDocument } from '../ports/search-index.js';

/** Where an alert stands in its lifecycle, for alerts that carry no history yet. */
const STATUS_RANK: Readonly<Record<string, number>> = { open: 0, acknowledged: 1, resolved: 2 };

/**
 * An alert's version: every lifecycle change appends one history entry, so its length only grows.
 * An alert without history (the shape before the lifecycle) is versioned by its status, which only
 * moves forward; one with history always outranks it (its first entry is `raised`).
 */
export function alertVersion(alert: IndexableAlert): number {
  return alert.history ? alert.history.length : (STATUS_RANK[alert.status] ?? 0);
}

/**
 * The searchable projection of an alert (C9): its message as the title, the readings left out, and
 * `raisedAt` only as `at` (epoch ms), so its digits do not become search terms of every alert.
 */
export function alertDocument(alert: IndexableAlert): SearchDocument {
  return {
    tenantId: alert.tenantId,
    collection: 'alerts',
    id: alert.alertId,
    version: alertVersion(alert),
    fields: {
      title: alert.message,
      snippet: `${alert.severity} ${alert.type} on ${alert.vehicleId} · ${alert.status}`,
      at: Date.parse(alert.raisedAt),
      alertId: alert.alertId,
      vehicleId: alert.vehicleId,
      alertType: alert.type,
      ruleId: alert.ruleId,
      severity: alert.severity,
      status: alert.status,
      assigneeId: alert.assigneeId,
    },
  };
}

/**
 * The searchable projection of a vehicle. The events carry no version, so the event's time
 * (EventBridge `time`, whole seconds) orders them: a late `vehicle.registered` cannot undo a
 * rename; two changes within one second keep the one delivered last.
 */
export function vehicleDocument(vehicle: VehicleChanged, changedAt: Date): SearchDocument {
  const at = changedAt.getTime();
  return {
    tenantId: vehicle.tenantId,
    collection: 'vehicles',
    id: vehicle.vehicleId,
    version: at,
    fields: {
      title: vehicle.name,
      snippet: [vehicle.type, vehicle.vehicleId, vehicle.driverId && `driver ${vehicle.driverId}`]
        .filter(Boolean)
        .join(' · '),
      at,
      vehicleId: vehicle.vehicleId,
      name: vehicle.name,
      vehicleType: vehicle.type,
      driverId: vehicle.driverId,
    },
  };
}
