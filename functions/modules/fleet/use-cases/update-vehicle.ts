import { ulid } from 'ulid';
import type { Vehicle } from '../domain/fleet.js';
import { VehicleNotFound } from '../errors.js';
import { FLEET_EVENTS } from '../events.js';
import { type VehiclePatch, type VehicleRegistry, vehicleOf } from '../ports/vehicle-registry.js';
import { publishVehicleEvent, type VehicleEventPorts } from './publish-vehicle-event.js';

/** The ports changing a vehicle needs. */
export interface UpdateVehiclePorts extends VehicleEventPorts {
  readonly vehicles: Pick<VehicleRegistry, 'update' | 'eventPublished'>;
}

export interface UpdateVehicleCommand {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly patch: VehiclePatch;
}

/**
 * Changes a vehicle of the caller's tenant and publishes `vehicle.updated` with the whole vehicle
 * after the change: 1. conditional update (404 when the tenant has no such vehicle); 2. publish and
 * clear the marker. A retry re-applies the same patch and publishes again (consumers upsert).
 */
export async function updateVehicle(ports: UpdateVehiclePorts, command: UpdateVehicleCommand): Promise<Vehicle> {
  const pending = { id: ulid(), detailType: FLEET_EVENTS.vehicleUpdated };
  const updated = await ports.vehicles.update(command.tenantId, command.vehicleId, command.patch, pending);
  if (!updated) throw new VehicleNotFound(command.vehicleId);
  const vehicle = vehicleOf(updated);
  await publishVehicleEvent(ports, vehicle, pending);
  return vehicle;
}
