import { ulid } from 'ulid';
import type { Vehicle } from '../domain/fleet.js';
import { VehicleExists } from '../errors.js';
import { FLEET_EVENTS } from '../events.js';
import type { VehicleRegistry } from '../ports/vehicle-registry.js';
import { publishVehicleEvent, type VehicleEventPorts } from './publish-vehicle-event.js';

/** The ports registering a vehicle needs. */
export interface RegisterVehiclePorts extends VehicleEventPorts {
  readonly vehicles: Pick<VehicleRegistry, 'register' | 'eventPublished'>;
}

/**
 * Registers a vehicle in the caller's tenant and publishes `vehicle.registered`:
 * 1. store it, unless the tenant has this id (conditional put), with the event it owes;
 * 2. publish the event and clear the marker.
 * A retry of the same request after a failed publish (the vehicle stored, its event still owed,
 * same name, type and driver) completes that registration instead of answering 409.
 */
export async function registerVehicle(ports: RegisterVehiclePorts, vehicle: Vehicle): Promise<Vehicle> {
  const pending = { id: ulid(), detailType: FLEET_EVENTS.vehicleRegistered };
  const result = await ports.vehicles.register(vehicle, pending);
  if (result.created) {
    await publishVehicleEvent(ports, vehicle, pending);
    return vehicle;
  }
  const { existing } = result;
  const owed = existing.pendingEvent;
  if (owed?.detailType === FLEET_EVENTS.vehicleRegistered && sameVehicle(existing, vehicle)) {
    await publishVehicleEvent(ports, existing, owed);
    return vehicle;
  }
  throw new VehicleExists(vehicle.vehicleId);
}

function sameVehicle(a: Vehicle, b: Vehicle): boolean {
  return a.name === b.name && a.type === b.type && a.driverId === b.driverId;
}
