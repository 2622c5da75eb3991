import {
  ALERT_READER_ROLES,
  FLEET_EDITOR_ROLES,
  LIVE_POSITION_ROLES,
  ROLES,
  type Role,
  VEHICLE_READER_ROLES,
} from '../auth/roles.js';
import { HELP_ROLES, TICKET_AGENT_ROLES } from './chat/support-roles.js';
import { INTEGRATION_ADMIN_ROLES } from './integrations/integration-roles.js';
import { ESCALATION_EDITOR_ROLES, NOTIFIED_ROLES } from './notifications/notification-roles.js';

/** A destination of the main navigation and who can use it. */
export interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly roles: readonly Role[];
}

/**
 * Role-aware navigation: a role sees only what its token lets it use (the API enforces the same
 * roles; hiding the rest keeps people out of dead ends).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/alerts', label: 'Alerts', roles: ALERT_READER_ROLES },
  { path: '/fleet', label: 'Fleet', roles: VEHICLE_READER_ROLES },
  { path: '/fleet/live', label: 'Live positions', roles: LIVE_POSITION_ROLES },
  { path: '/rules', label: 'Rules', roles: FLEET_EDITOR_ROLES },
  { path: '/tickets', label: 'Tickets', roles: TICKET_AGENT_ROLES },
  { path: '/help', label: 'Help', roles: HELP_ROLES },
  { path: '/settings/notifications', label: 'Notification settings', roles: NOTIFIED_ROLES },
  { path: '/settings/escalation', label: 'Escalation', roles: ESCALATION_EDITOR_ROLES },
  { path: '/integrations', label: 'Integrations', roles: INTEGRATION_ADMIN_ROLES },
  { path: '/overview', label: 'Your overview', roles: ROLES },
];

/** The items `roles` can use. */
export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.some((role) => roles.includes(role)));
}

/** The item `path` is in: the longest match, so `/fleet/live` is Live positions, not also Fleet. */
export function currentNavPath(items: readonly NavItem[], path: string): string | undefined {
  return items
    .filter((item) => path === item.path || path.startsWith(`${item.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

/** Where `/` leads a signed-in user: the first thing they can use. */
export function homeFor(roles: readonly Role[]): string {
  return navFor(roles)[0]?.path ?? '/overview';
}

/** Roles that may acknowledge alerts: the watchers who get them live. */
export const ACKNOWLEDGER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher'];
