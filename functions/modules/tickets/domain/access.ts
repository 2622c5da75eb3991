import type { Identity } from '../../../platform/auth/identity.js';
import type { Role } from '../../../platform/wiring/roles.js';
import type { Ticket } from './ticket.js';

/** Roles that work the tenant's tickets (contract "Tickets and live agents"). */
export const AGENT_ROLES: readonly Role[] = ['agent', 'admin'];

/** Roles that may open a hand-off, and so read their own tickets: everyone who chats. */
export const CUSTOMER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'driver', 'agent'];

/** Whether the caller works the tenant's tickets rather than being a customer of them. */
export function isAgent(identity: Pick<Identity, 'roles'>): boolean {
  return identity.roles.some((role) => AGENT_ROLES.includes(role));
}

/**
 * Whether the caller may see the ticket: an agent of its tenant, or its customer. Anyone else —
 * another tenant, another customer of the same tenant — finds no such ticket (404).
 */
export function canSeeTicket(identity: Identity, ticket: Pick<Ticket, 'tenantId' | 'customerId'>): boolean {
  if (ticket.tenantId !== identity.tenantId) return false;
  return isAgent(identity) || ticket.customerId === identity.userId;
}
