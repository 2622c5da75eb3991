import type { JSX } from 'preact';
import { FLEET_EDITOR_ROLES, hasAnyRole, LIVE_POSITION_ROLES, type Role, VEHICLE_READER_ROLES } from '../auth/roles.js';
import { FleetScreen } from './screens/FleetScreen.js';
import { LivePositionsScreen } from './screens/LivePositionsScreen.js';
import { NotFoundScreen } from './screens/NotFoundScreen.js';
import { RulesScreen } from './screens/RulesScreen.js';
import { VehicleDetailScreen } from './screens/VehicleDetailScreen.js';

/**
 * The fleet and rules routes (`/fleet`, `/fleet/live`, `/fleet/{vehicleId}`, `/rules`) for `roles`;
 * undefined for any other path. A role that may not use a screen gets "not found", as the API
 * would answer it.
 */
export function fleetScreen(path: string, roles: readonly Role[]): JSX.Element | undefined {
  if (path === '/rules') return hasAnyRole(roles, FLEET_EDITOR_ROLES) ? <RulesScreen /> : <NotFoundScreen />;
  if (path !== '/fleet' && !path.startsWith('/fleet/')) return undefined;
  if (!hasAnyRole(roles, VEHICLE_READER_ROLES)) return <NotFoundScreen />;
  if (path === '/fleet') return <FleetScreen />;
  if (path === '/fleet/live')
    return hasAnyRole(roles, LIVE_POSITION_ROLES) ? <LivePositionsScreen /> : <NotFoundScreen />;
  return <VehicleDetailScreen vehicleId={decodeURIComponent(path.slice('/fleet/'.length))} />;
}
