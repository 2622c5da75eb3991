/** The roles of the platform (Cognito groups in AWS); mirrors functions/platform/wiring/roles.ts. */
export const ROLES = ['admin', 'fleet_manager', 'dispatcher', 'driver', 'agent', 'partner'] as const;

export type Role = (typeof ROLES)[number];

/** How a role is written for people. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'admin',
  fleet_manager: 'fleet manager',
  dispatcher: 'dispatcher',
  driver: 'driver',
  agent: 'support agent',
  partner: 'partner developer',
};

/** Roles `GET /v1/alerts` allows (functions/modules/alerts/handlers/list-alerts.handler.ts). */
export const ALERT_READER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];

/** Reads roles from a `cognito:groups` claim, dropping names the app does not know. */
export function rolesFromClaim(value: unknown): Role[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return items.filter((item): item is Role => (ROLES as readonly unknown[]).includes(item));
}

/** True when any of `roles` is in `allowed`. */
export function hasAnyRole(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((role) => allowed.includes(role));
}

/** Roles `GET /v1/vehicles` allows (functions/modules/fleet/handlers/vehicle-roles.ts); a driver sees only theirs. */
export const VEHICLE_READER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent', 'driver'];

/** Roles offered the live positions of the whole fleet (not drivers: they see only their own vehicle). */
export const LIVE_POSITION_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];

/** Roles that may change alert rules and record services (PRODUCT: admin, fleet_manager). */
export const FLEET_EDITOR_ROLES: readonly Role[] = ['admin', 'fleet_manager'];
