import type { Identity } from '../../../platform/auth/identity.js';
import type { Clock } from '../../../platform/clock.js';
import { canSee, fleetScopeOf } from '../../fleet/domain/fleet-scope.js';
import { vehicleDetail } from '../../fleet/domain/vehicle-view.js';
import { type VehicleRegistry, vehicleOf } from '../../fleet/ports/vehicle-registry.js';
import type { VehicleFacts } from '../domain/facts.js';
import type { FleetFacts } from '../ports/fleet-facts.js';

/**
 * How long a caller's list of vehicle ids is reused within a container. The list only feeds the
 * NLU's id resolution and the "which vehicle?" quick replies; whether a named vehicle exists is
 * always read afresh, so a vehicle registered a moment ago is found, only not yet offered.
 */
export const VEHICLE_IDS_TTL_MS = 10_000;
/** Scopes whose id lists are kept per container (a bound on memory, not a tuning knob). */
const MAX_CACHED_SCOPES = 1000;

/**
 * The bot's view of the fleet through the fleet module's vehicle registry port and its domain
 * rules of visibility (`fleetScopeOf`, `canSee`, `vehicleDetail`): what `GET /v1/vehicles` would
 * show this caller is all the bot can say (a driver: their own vehicles only). The vehicle and its
 * condition are read in parallel: one round trip on the chat's critical path, not two.
 */
export function fleetModuleFacts(
  vehicles: Pick<VehicleRegistry, 'get' | 'list' | 'conditions'>,
  clock: Clock,
): FleetFacts {
  const idCache = new Map<string, { readonly at: number; readonly ids: Promise<string[]> }>();
  return {
    vehicleIds(caller: Identity, limit: number) {
      const scope = fleetScopeOf(caller);
      const key = `${scope.tenantId}\u0000${scope.driverId ?? ''}\u0000${limit}`;
      const now = clock.now().getTime();
      const cached = idCache.get(key);
      if (cached && now - cached.at < VEHICLE_IDS_TTL_MS) return cached.ids;
      const ids = vehicles
        .list(scope.tenantId, scope.driverId === undefined ? {} : { driverId: scope.driverId }, limit)
        .then((page) => page.items.map((vehicle) => vehicle.vehicleId));
      if (idCache.size >= MAX_CACHED_SCOPES) idCache.clear();
      idCache.set(key, { at: now, ids });
      ids.catch(() => idCache.delete(key));
      return ids;
    },
    async vehicle(caller: Identity, vehicleId: string): Promise<VehicleFacts | undefined> {
      const scope = fleetScopeOf(caller);
      const [record, conditions] = await Promise.all([
        vehicles.get(scope.tenantId, vehicleId),
        vehicles.conditions(scope.tenantId, [vehicleId]),
      ]);
      const vehicle = record ? vehicleOf(record) : undefined;
      if (!vehicle || !canSee(scope, vehicle)) return undefined;
      return vehicleDetail(vehicle, conditions[0]);
    },
  };
}
