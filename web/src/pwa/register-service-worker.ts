import { registerSW } from 'virtual:pwa-register';
import { appStore, toast } from '../state/app-state.js';

let update: ((reload?: boolean) => Promise<void>) | undefined;

/**
 * Registers the Workbox service worker. A new version waits until the user chooses to reload
 * (the update prompt), so a screen never changes under someone mid-task.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({
    onNeedRefresh: () => appStore.set({ updateReady: true }),
    onOfflineReady: () => toast('fleetops is ready to work offline.'),
  });
}

/** Activates the waiting service worker and reloads onto the new version. */
export async function applyUpdate(): Promise<void> {
  await update?.(true);
}
