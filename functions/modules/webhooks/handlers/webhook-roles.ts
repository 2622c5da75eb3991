import type { Role } from '../../../platform/wiring/roles.js';

/** Who manages outbound webhooks: the tenant admin, as for partners (contract "Integrations"). */
export const WEBHOOK_ADMIN_ROLES: readonly Role[] = ['admin'];

/** The partner API scope that admits an API key or OAuth2 client to these routes. */
export const WEBHOOK_SCOPES: readonly string[] = ['webhooks:manage'];
