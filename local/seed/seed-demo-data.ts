import type { FleetRepository } from '../../functions/modules/fleet/ports/fleet-repository.js';
import { DEMO_TENANTS, type DemoTenant } from './demo-data.js';

/**
 * Writes the demo fleet through the FleetRepository, the same port the handlers read it with.
 * Puts overwrite by key, so seeding again on a restart (data kept under .data/) is harmless.
 */
export async function seedDemoData(fleet: FleetRepository, tenants: readonly DemoTenant[] = DEMO_TENANTS) {
  for (const demo of tenants) {
    await fleet.putTenant(demo.tenant);
    await Promise.all(demo.users.map((user) => fleet.putUser(user)));
    await Promise.all(demo.vehicles.map((vehicle) => fleet.putVehicle(vehicle)));
  }
  return {
    tenants: tenants.length,
    users: tenants.reduce((n, t) => n + t.users.length, 0),
    vehicles: tenants.reduce((n, t) => n + t.vehicles.length, 0),
  };
}
