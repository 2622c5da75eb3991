/**
 * The roles of capability C1. In AWS they are Cognito groups; locally the dev issuer puts
 * them in the same `cognito:groups` claim.
 */
export const ROLES = ['admin', 'fleet_manager', 'dispatcher', 'driver', 'agent', 'partner'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that watch the fleet live and receive in-app alert frames. */
export const ALERT_WATCHER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher'];
