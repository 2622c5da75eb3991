import { VehicleExists } from '../../functions/modules/fleet/errors.js';
import type { FleetRepository } from '../../functions/modules/fleet/ports/fleet-repository.js';
import {
  type RegisterVehiclePorts,
  registerVehicle,
} from '../../functions/modules/fleet/use-cases/register-vehicle.js';
import { DEMO_TENANTS, type DemoTenant } from './demo-data.js';

/** What seeding writes through: tenants and users as data, vehicles through the fleet's use case. */
export interface SeedPorts extends RegisterVehiclePorts {
  readonly fleet: Pick<FleetRepository, 'putTenant' | 'putUser'>;
}

/** What a seeding run did. */
export interface SeedOutcome {
  readonly tenants: number;
  readonly users: number;
  /** Vehicles registered by this run (each published `vehicle.registered`, so search indexes it). */
  readonly vehiclesRegistered: number;
  /** Vehicles a previous run registered: left exactly as they are (a PATCHed name survives). */
  readonly vehiclesKept: number;
}

/**
 * Writes the demo fleet. Tenants and users are puts (the same data every run); vehicles go through
 * the fleet module's `registerVehicle` use case, as `POST /v1/vehicles` does, so each publishes
 * `vehicle.registered` (and is indexed for search) exactly like a vehicle an admin registers. A
 * restart on kept data (.data/) finds them registered (VEHICLE_EXISTS) and leaves them untouched;
 * one whose event a crashed run still owed is completed by the use case itself.
 */
export async function seedDemoData(
  ports: SeedPorts,
  tenants: readonly DemoTenant[] = DEMO_TENANTS,
): Promise<SeedOutcome> {
  let vehiclesRegistered = 0;
  let vehiclesKept = 0;
  for (const demo of tenants) {
    await ports.fleet.putTenant(demo.tenant);
    await Promise.all(demo.users.map((user) => ports.fleet.putUser(user)));
    await Promise.all(
      demo.vehicles.map(async (vehicle) => {
        try {
          await registerVehicle(ports, vehicle);
          vehiclesRegistered++;
        } catch (error) {
          if (!(error instanceof VehicleExists)) throw error;
          vehiclesKept++;
        }
      }),
    );
  }
  return {
    tenants: tenants.length,
    users: tenants.reduce((n, t) => n + t.users.length, 0),
    vehiclesRegistered,
    vehiclesKept,
  };
}
