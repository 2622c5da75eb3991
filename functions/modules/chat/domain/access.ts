import type { Identity } from '../../../platform/auth/identity.js';
import type { Role } from '../../../platform/wiring/roles.js';
import type { Conversation } from './conversation.js';

/** Roles that see every conversation of their tenant (contract "Tickets and live agents"). */
export const SUPPORT_ROLES: readonly Role[] = ['agent', 'admin'];

/** Roles that may chat with support: everyone but partners' machine clients. */
export const CHAT_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'driver', 'agent'];

/** Whether the caller supports customers (sees the tenant's conversations) rather than being one. */
export function isSupport(identity: Pick<Identity, 'roles'>): boolean {
  return identity.roles.some((role) => SUPPORT_ROLES.includes(role));
}

/**
 * Whether the caller may read the conversation: its owner, or support staff of the same tenant. A
 * conversation of another tenant, or another customer's, does not exist for the caller (404).
 */
export function canRead(identity: Identity, conversation: Conversation): boolean {
  if (conversation.tenantId !== identity.tenantId) return false;
  return conversation.ownerId === identity.userId || isSupport(identity);
}

/** Only the owner writes user messages into a conversation; agents answer through its ticket. */
export function canWriteAsUser(identity: Identity, conversation: Conversation): boolean {
  return conversation.tenantId === identity.tenantId && conversation.ownerId === identity.userId;
}
