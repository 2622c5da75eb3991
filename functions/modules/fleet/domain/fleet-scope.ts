import type { Identity } from '../../../platform/auth/identity.js';
import type { Role } from '../../../platform/wiring/roles.js';
import type { Vehicle } from './fleet.js';

/** Roles that see every vehicle of their tenant; a caller with none of them but `driver` sees only theirs. */
export const WHOLE_FLEET_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];

/** Which vehicles of a tenant a caller may see. */
export interface FleetScope {
  readonly tenantId: string;
  /** Set for a driver: only vehicles with this driverId are visible; the others do not exist for them. */
  readonly driverId?: string;
}

/**
 * The caller's scope: the tenant from the verified token; a driver is narrowed to their own
 * vehicles. A machine caller (an API key or OAuth2 client admitted by `vehicles:read`) reads the
 * tenant's whole fleet.
 */
export function fleetScopeOf(identity: Identity): FleetScope {
  const wholeFleet = identity.scopes !== undefined || identity.roles.some((role) => WHOLE_FLEET_ROLES.includes(role));
  return wholeFleet ? { tenantId: identity.tenantId } : { tenantId: identity.tenantId, driverId: identity.userId };
}

/** True when the scope lets its caller see this vehicle. */
export function canSee(scope: FleetScope, vehicle: Vehicle): boolean {
  return vehicle.tenantId === scope.tenantId && (scope.driverId === undefined || vehicle.driverId === scope.driverId);
}
