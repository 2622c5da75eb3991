import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { Vehicle } from '../domain/fleet.js';
import { FLEET_EVENTS, type VehicleChanged } from '../events.js';
import type { PendingEvent, VehicleRegistry } from '../ports/vehicle-registry.js';

/** The ports publishing a vehicle's owed event needs. */
export interface VehicleEventPorts {
  readonly vehicles: Pick<VehicleRegistry, 'eventPublished'>;
  readonly events: EventPublisher;
}

/** The contract's detail of a vehicle event. */
export function vehicleChanged(vehicle: Vehicle): VehicleChanged {
  return {
    tenantId: vehicle.tenantId,
    vehicleId: vehicle.vehicleId,
    name: vehicle.name,
    type: vehicle.type,
    ...(vehicle.driverId === undefined ? {} : { driverId: vehicle.driverId }),
  };
}

/**
 * Publishes the event a vehicle write owes, then clears the marker the write left (docs/adr/0080).
 * If publishing fails the marker stays, and the client's retry publishes it: nothing accepted is
 * lost between the write and the bus.
 */
export async function publishVehicleEvent(
  ports: VehicleEventPorts,
  vehicle: Vehicle,
  pending: PendingEvent,
): Promise<void> {
  await ports.events.publish([
    { source: FLEET_EVENTS.source, detailType: pending.detailType, detail: vehicleChanged(vehicle) },
  ]);
  await ports.vehicles.eventPublished(vehicle.tenantId, vehicle.vehicleId, pending.id);
}
