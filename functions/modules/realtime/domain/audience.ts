import { ALERT_WATCHER_ROLES } from '../../../platform/wiring/roles.js';
import type { Connection } from '../ports/connection-repository.js';

/**
 * Whether a live connection receives a tenant's alert frames: it belongs to that tenant and its
 * user has a role that watches alerts (ALERT_WATCHER_ROLES, the rule `alert.raised` delivery in
 * the notifications module applies). The tenant is checked again here, not only in the query, so
 * a repository bug cannot leak a frame across tenants.
 */
export function watchesAlerts(connection: Connection, tenantId: string): boolean {
  return connection.tenantId === tenantId && connection.roles.some((role) => ALERT_WATCHER_ROLES.includes(role));
}
