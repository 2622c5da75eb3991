import type { Role } from '../../auth/roles.js';

/** Roles that ask support for help in the chat (everyone but partners and the agents themselves). */
export const HELP_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'driver'];

/** Roles that work the ticket queue (functions/modules/tickets/domain/access.ts AGENT_ROLES). */
export const TICKET_AGENT_ROLES: readonly Role[] = ['agent', 'admin'];
