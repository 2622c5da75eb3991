import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import type { UserNames } from '../ports/user-names.js';

/** Display names from the fleet module's user directory (the tenant's users, one query). */
export function fleetUserNames(fleet: Pick<FleetRepository, 'listUsers'>): UserNames {
  return {
    async names(tenantId, userIds) {
      const wanted = new Set(userIds);
      const users = await fleet.listUsers(tenantId);
      return new Map(
        users.filter((u) => wanted.has(u.userId) && u.tenantId === tenantId).map((u) => [u.userId, u.name]),
      );
    },
  };
}
