import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { hasAnyRole, type Role } from '../auth/roles.js';
import { INTEGRATION_ADMIN_ROLES } from './integrations/integration-roles.js';
import { NotFoundScreen } from './screens/NotFoundScreen.js';

/** Renders the screen a dynamic import gives, so the integration screens stay out of the first load. */
function Lazy<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [Screen, setScreen] = useState<ComponentType<P> | undefined>(undefined);
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
  return Screen ? <Screen {...props} /> : <p class="hint">Opening…</p>;
}

const hub = () => import('./integrations/IntegrationsHubScreen.js').then((m) => m.IntegrationsHubScreen);
const partners = () => import('./integrations/PartnersScreen.js').then((m) => m.PartnersScreen);
const endpoints = () => import('./integrations/WebhookEndpointsScreen.js').then((m) => m.WebhookEndpointsScreen);
const endpoint = () => import('./integrations/WebhookEndpointScreen.js').then((m) => m.WebhookEndpointScreen);
const apiKeys = () => import('./integrations/ApiKeysScreen.js').then((m) => m.ApiKeysScreen);
const oauthClients = () => import('./integrations/OAuthClientsScreen.js').then((m) => m.OAuthClientsScreen);
const reference = () => import('./integrations/ApiReferenceScreen.js').then((m) => m.ApiReferenceScreen);

const SCREENS: Readonly<Record<string, () => Promise<ComponentType>>> = {
  '/integrations': hub,
  '/integrations/partners': partners,
  '/integrations/webhooks': endpoints,
  '/integrations/api-keys': apiKeys,
  '/integrations/oauth-clients': oauthClients,
  '/integrations/api-reference': reference,
};

/**
 * The integration routes (`/integrations…`: hub, partners, webhook endpoints and one endpoint,
 * API keys, OAuth clients, API reference) for `roles`; undefined for any other path. Admins only, as the API.
 */
export function integrationScreen(path: string, roles: readonly Role[]): JSX.Element | undefined {
  if (path !== '/integrations' && !path.startsWith('/integrations/')) return undefined;
  if (!hasAnyRole(roles, INTEGRATION_ADMIN_ROLES)) return <NotFoundScreen />;
  const screen = SCREENS[path];
  if (screen) return <Lazy key={path} load={screen} props={{}} />;
  const match = /^\/integrations\/webhooks\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    const endpointId = decodeURIComponent(match[1]);
    return <Lazy key={path} load={endpoint} props={{ endpointId }} />;
  }
  return <NotFoundScreen />;
}
