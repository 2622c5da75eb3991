import { applyUpdate } from '../pwa/register-service-worker.js';
import { appStore } from '../state/app-state.js';
import { useStore } from '../state/store.js';

/** "A new version is ready — reload": the user decides when the new service worker takes over. */
export function UpdatePrompt() {
  const ready = useStore(appStore, (s) => s.updateReady);
  if (!ready) return null;
  return (
    <div class="banner banner-update">
      <p>A new version of fleetops is ready.</p>
      <button type="button" onClick={() => void applyUpdate()}>
        Reload to update
      </button>
      <button type="button" class="secondary" onClick={() => appStore.set({ updateReady: false })}>
        Later
      </button>
    </div>
  );
}
