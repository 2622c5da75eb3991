import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { hasAnyRole, type Role } from '../auth/roles.js';
import { ESCALATION_EDITOR_ROLES, NOTIFIED_ROLES } from './notifications/notification-roles.js';
import { NotFoundScreen } from './screens/NotFoundScreen.js';

/** Renders the screen a dynamic import gives, so the notification screens stay out of the first load. */
function Lazy({ load }: { load: () => Promise<ComponentType> }) {
  const [Screen, setScreen] = useState<ComponentType | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    load().then(
      (component) => current && setScreen(() => component),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [load]);
  if (failed) return <p role="alert">This screen could not be loaded. Check your connection and reload.</p>;
  return Screen ? <Screen /> : <p class="hint">Opening…</p>;
}

const centre = () => import('./notifications/NotificationCentreScreen.js').then((m) => m.NotificationCentreScreen);
const settings = () =>
  import('./notifications/NotificationSettingsScreen.js').then((m) => m.NotificationSettingsScreen);
const escalation = () => import('./notifications/EscalationPoliciesScreen.js').then((m) => m.EscalationPoliciesScreen);
const policy = () => import('./notifications/NotificationPolicyScreen.js').then((m) => m.NotificationPolicyScreen);

const ROUTES: Readonly<Record<string, () => Promise<ComponentType>>> = {
  '/notifications': centre,
  '/settings/notifications': settings,
  '/settings/escalation': escalation,
  '/settings/notification-policy': policy,
};

/** The admin screens: the escalation editor and the organisation's policy (linked from it, no nav item). */
const ADMIN_PATHS: readonly string[] = ['/settings/escalation', '/settings/notification-policy'];

/**
 * The notification routes (`/notifications`, `/settings/notifications`, `/settings/escalation`,
 * `/settings/notification-policy`) for `roles`; undefined for any other path. A role that may not
 * use a screen gets "not found".
 */
export function notificationScreen(path: string, roles: readonly Role[]): JSX.Element | undefined {
  const route = ROUTES[path];
  if (!route) return undefined;
  const allowed = ADMIN_PATHS.includes(path) ? ESCALATION_EDITOR_ROLES : NOTIFIED_ROLES;
  if (!hasAnyRole(roles, allowed)) return <NotFoundScreen />;
  return <Lazy key={path} load={route} />;
}
