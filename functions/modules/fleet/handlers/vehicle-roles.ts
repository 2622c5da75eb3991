import type { Role } from '../../../platform/wiring/roles.js';

/** May read vehicles, their state and telemetry; a `driver` only the vehicles assigned to them. */
export const VEHICLE_READER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent', 'driver'];
/** May register vehicles (contract: admin). */
export const VEHICLE_REGISTRAR_ROLES: readonly Role[] = ['admin'];
/** May change vehicles (rename, assign drivers) and record services. */
export const VEHICLE_EDITOR_ROLES: readonly Role[] = ['admin', 'fleet_manager'];
