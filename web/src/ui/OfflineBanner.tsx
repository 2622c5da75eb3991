import { appStore } from '../state/app-state.js';
import { useStore } from '../state/store.js';
import { formatClock } from './format-time.js';

/** "Offline — showing data from HH:MM" while the browser has no network. */
export function OfflineBanner() {
  const online = useStore(appStore, (s) => s.online);
  const savedAt = useStore(appStore, (s) => s.dataSavedAt);
  const signedIn = useStore(appStore, (s) => s.session !== undefined);
  if (online) return null;
  return (
    <div class="banner banner-offline" id="offline-banner">
      <p>
        <span aria-hidden="true">⚠ </span>
        <strong>Offline</strong>
        {signedIn && savedAt
          ? ` — showing data from ${formatClock(savedAt)}.`
          : ' — changes are sent when you reconnect.'}
      </p>
    </div>
  );
}
