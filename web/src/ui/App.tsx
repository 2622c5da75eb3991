import { useEffect } from 'preact/hooks';
import { CALLBACK_PATH } from '../auth/oauth-settings.js';
import { ALERT_READER_ROLES, hasAnyRole } from '../auth/roles.js';
import { appStore } from '../state/app-state.js';
import { navigate, routeStore } from '../state/router.js';
import { useStore } from '../state/store.js';
import { chatScreen } from './chat-routes.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { fleetScreen } from './fleet-routes.js';
import { timeZoneName } from './format-time.js';
import { integrationScreen } from './integration-routes.js';
import { homeFor } from './navigation.js';
import { notificationScreen } from './notification-routes.js';
import { OfflineBanner } from './OfflineBanner.js';
import { SessionNotice } from './SessionNotice.js';
import { SiteHeader } from './SiteHeader.js';
import { AlertDetailScreen } from './screens/AlertDetailScreen.js';
import { AlertsScreen } from './screens/AlertsScreen.js';
import { AuthCallbackScreen } from './screens/AuthCallbackScreen.js';
import { NotFoundScreen } from './screens/NotFoundScreen.js';
import { OverviewScreen } from './screens/OverviewScreen.js';
import { SignInScreen } from './screens/SignInScreen.js';
import { Toaster } from './Toaster.js';
import { UpdatePrompt } from './UpdatePrompt.js';

/**
 * The app shell: skip link, banner, then in <main> the notices and toasts (in the flow, so they never
 * cover what has focus) and the routed screen, then the footer.
 */
export function App() {
  const path = useStore(routeStore, (s) => s.path);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <UpdatePrompt />
        <OfflineBanner />
        <SessionNotice />
        <Toaster />
        <ErrorBoundary key={path}>
          <Screen path={path} />
        </ErrorBoundary>
      </main>
      <SiteFooter />
    </>
  );
}

function Screen({ path }: { path: string }) {
  const booted = useStore(appStore, (s) => s.booted);
  const roles = useStore(appStore, (s) => s.session?.user.roles);
  const home = roles ? homeFor(roles) : undefined;
  useEffect(() => {
    if (home && (path === '/' || path === CALLBACK_PATH)) navigate(home, true);
  }, [home, path]);
  useEffect(() => {
    // Time to interactive, as bench/web.bench.ts reads it: the first screen that takes input.
    if (booted && !performance.getEntriesByName('fleetops:interactive').length) {
      performance.mark('fleetops:interactive');
    }
  }, [booted]);
  if (!booted) return <p class="hint">Starting fleetops…</p>;
  if (path === CALLBACK_PATH && !roles) return <AuthCallbackScreen />;
  if (!roles) return <SignInScreen />;
  if (path === '/overview') return <OverviewScreen />;
  if (path === '/alerts' || path.startsWith('/alerts/')) {
    if (!hasAnyRole(roles, ALERT_READER_ROLES)) return <NotFoundScreen />;
    const id = path.slice('/alerts/'.length);
    return path === '/alerts' ? <AlertsScreen /> : <AlertDetailScreen alertId={decodeURIComponent(id)} />;
  }
  const fleet = fleetScreen(path, roles);
  if (fleet !== undefined) return fleet;
  const support = chatScreen(path, roles);
  if (support !== undefined) return support;
  const notifications = notificationScreen(path, roles);
  if (notifications !== undefined) return notifications;
  const integrations = integrationScreen(path, roles);
  if (integrations !== undefined) return integrations;
  if (path === '/' || path === CALLBACK_PATH) return <p class="hint">Opening…</p>;
  return <NotFoundScreen />;
}

function SiteFooter() {
  const local = useStore(appStore, (s) => s.flow?.kind === 'demo');
  return (
    <footer class="site-footer">
      <p>Times are shown in your time zone, {timeZoneName()}.</p>
      {local ? (
        <ul class="footer-links" aria-label="Local stack tools">
          <li>
            <a href="/dev/outbox">SMS outbox</a>
          </li>
          <li>
            <a href="/dev/dlq">Dead letters</a>
          </li>
          <li>
            <a href="/health">Health</a>
          </li>
        </ul>
      ) : null}
    </footer>
  );
}
