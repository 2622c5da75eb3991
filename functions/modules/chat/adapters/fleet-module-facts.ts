import type { Identity } from '../../../platform/auth/identity.js';
import { fleetScopeOf } from '../../fleet/domain/fleet-scope.js';
import { VehicleNotFound } from '../../fleet/errors.js';
import type { VehicleRegistry } from '../../fleet/ports/vehicle-registry.js';
import { getVehicle, listVehicles } from '../../fleet/use-cases/read-vehicles.js';
import type { VehicleFacts } from '../domain/facts.js';
import type { FleetFacts } from '../ports/fleet-facts.js';

/**
 * The bot's view of the fleet through the fleet module's own read use cases and its vehicle
 * registry port, with the caller's fleet scope: what `GET /v1/vehicles` would show this caller is
 * all the bot can say (a driver: their own vehicles only).
 */
export function fleetModuleFacts(vehicles: Pick<VehicleRegistry, 'get' | 'list' | 'conditions'>): FleetFacts {
  const ports = { vehicles };
  return {
    async vehicleIds(caller: Identity, limit: number) {
      const page = await listVehicles(ports, { scope: fleetScopeOf(caller), limit });
      return page.items.map((vehicle) => vehicle.vehicleId);
    },
    async vehicle(caller: Identity, vehicleId: string): Promise<VehicleFacts | undefined> {
      try {
        return await getVehicle(ports, fleetScopeOf(caller), vehicleId);
      } catch (error) {
        if (error instanceof VehicleNotFound) return undefined;
        throw error;
      }
    },
  };
}
