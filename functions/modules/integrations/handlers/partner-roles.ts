import type { Role } from '../../../platform/wiring/roles.js';

/** Who manages integrations: partners and their secrets are the tenant admin's. */
export const INTEGRATION_ADMIN_ROLES: readonly Role[] = ['admin'];
