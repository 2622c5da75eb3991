import { ROLE_LABELS } from '../auth/roles.js';
import { signOut } from '../state/app-controller.js';
import { appStore } from '../state/app-state.js';
import { routeStore } from '../state/router.js';
import { useStore } from '../state/store.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { Link } from './Link.js';
import { currentNavPath, navFor } from './navigation.js';
import { NotificationBell } from './notifications/NotificationBell.js';

/** The banner: brand, who is signed in, the connection, sign-out, and the navigation for the role. */
export function SiteHeader() {
  const session = useStore(appStore, (s) => s.session);
  const stage = useStore(appStore, (s) => s.config?.stage);
  const path = useStore(routeStore, (s) => s.path);
  return (
    <header class="site-header">
      <div class="header-row">
        <p class="brand">
          <Link href="/">fleetops</Link>
          {stage === 'local' ? <span class="badge">local stack</span> : null}
        </p>
        {session ? <ConnectionStatus /> : null}
        {session ? <NotificationBell /> : null}
        {session ? (
          <p class="who">
            {session.user.name}
            <span class="who-detail">
              {' '}
              ({session.user.roles.map((r) => ROLE_LABELS[r]).join(', ')}
              {session.user.tenantName ? `, ${session.user.tenantName}` : ''})
            </span>
          </p>
        ) : null}
        {session ? (
          <button type="button" class="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        ) : null}
      </div>
      {session ? (
        <nav aria-label="Main">
          <ul class="nav-list">
            {navFor(session.user.roles).map((item, _i, items) => (
              <li key={item.path}>
                <Link href={item.path} class="nav-link" current={item.path === currentNavPath(items, path)}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
