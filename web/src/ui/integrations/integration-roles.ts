import type { Role } from '../../auth/roles.js';

/** Who manages integrations: partners, webhook endpoints and API keys are the tenant admin's (mirrors the API). */
export const INTEGRATION_ADMIN_ROLES: readonly Role[] = ['admin'];
