import type { AlertRepository } from '../../alerts/ports/alert-repository.js';
import { type VehicleRegistry, vehicleOf } from '../../fleet/ports/vehicle-registry.js';
import type { CustomerContext, CustomerFacts } from '../ports/customer-context.js';

const MAX_VEHICLES = 10;
const MAX_ALERTS = 10;

/**
 * Customer context from the fleet module's vehicle registry (vehicles assigned to the customer,
 * and the one the conversation is about) and the alerts module's repository (their unresolved
 * alerts, from the (vehicle, rule) locks).
 */
export function fleetAndAlertsContext(
  vehicles: Pick<VehicleRegistry, 'get' | 'list'>,
  alerts: Pick<AlertRepository, 'get' | 'openAlerts'>,
): CustomerFacts {
  return {
    async context(tenantId, customerId, aboutVehicleId): Promise<CustomerContext> {
      const [assigned, about] = await Promise.all([
        vehicles.list(tenantId, { driverId: customerId }, MAX_VEHICLES),
        aboutVehicleId ? vehicles.get(tenantId, aboutVehicleId) : undefined,
      ]);
      const records = [...assigned.items];
      const aboutVehicle = about ? vehicleOf(about) : undefined;
      if (aboutVehicle && !records.some((v) => v.vehicleId === aboutVehicle.vehicleId)) records.unshift(aboutVehicle);
      const refs = (await Promise.all(records.map((v) => alerts.openAlerts(tenantId, v.vehicleId)))).flat();
      const found = await Promise.all(
        refs
          .sort((a, b) => (a.alertId < b.alertId ? 1 : -1))
          .slice(0, MAX_ALERTS)
          .map((ref) => alerts.get(tenantId, ref.alertId)),
      );
      return {
        vehicles: records.map((v) => ({ vehicleId: v.vehicleId, name: v.name, type: v.type })),
        openAlerts: found.flatMap((a) =>
          a && a.tenantId === tenantId && a.status !== 'resolved'
            ? [
                {
                  alertId: a.alertId,
                  vehicleId: a.vehicleId,
                  type: a.type,
                  severity: a.severity,
                  status: a.status,
                  raisedAt: a.raisedAt,
                  message: a.message,
                },
              ]
            : [],
        ),
      };
    },
  };
}
