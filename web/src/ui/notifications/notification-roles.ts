import type { Role } from '../../auth/roles.js';

/** Everyone who signs in to the PWA gets notifications (partners are machines); mirrors the API's NOTIFIED_ROLES. */
export const NOTIFIED_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'driver', 'agent'];

/** Who edits escalation policies (the API allows admins only). */
export const ESCALATION_EDITOR_ROLES: readonly Role[] = ['admin'];
