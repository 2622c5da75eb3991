import type { Identity } from '../../../platform/auth/identity.js';
import { isAgent } from '../../tickets/domain/access.js';
import type { ResultType } from './result-types.js';

/** What a driver may find: the support items of their own conversations, nothing else of the tenant. */
const DRIVER_TYPES: readonly ResultType[] = ['ticket', 'message'];

/** What one caller's search may reach. */
export interface SearchScope {
  /** The asked types the caller may see (maybe none). */
  readonly types: readonly ResultType[];
  /** Set for a customer: their own tickets and the messages of their own conversations only. */
  readonly ownerId?: string;
}

/**
 * The scope of a search (contract "Search": a customer's search sees only their own messages):
 * support staff (agent, admin) search the whole tenant; fleet staff (fleet manager, dispatcher)
 * the tenant's alerts, vehicles and articles, and only their own tickets and messages; a driver
 * only their own tickets and messages — the tenant's alerts and vehicles are not theirs to list.
 */
export function searchScope(identity: Pick<Identity, 'userId' | 'roles'>, asked: readonly ResultType[]): SearchScope {
  if (isAgent(identity)) return { types: asked };
  const fleetStaff = identity.roles.some((role) => role === 'fleet_manager' || role === 'dispatcher');
  const types = fleetStaff ? asked : asked.filter((type) => DRIVER_TYPES.includes(type));
  return { types, ownerId: identity.userId };
}
