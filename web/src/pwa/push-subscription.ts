import {
  deletePushTarget,
  listPushTargets,
  savePushSubscription,
  vapidPublicKey,
} from '../api/notifications-client.js';

/** What this browser can do about push. */
export type PushSupport =
  | { readonly state: 'unsupported'; readonly why: string }
  | { readonly state: 'denied' }
  | { readonly state: 'off' }
  | { readonly state: 'on'; readonly subscriptionId?: string };

/** How long to wait for the service worker before saying push is not available here. */
const READY_TIMEOUT_MS = 3000;

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), READY_TIMEOUT_MS)),
  ]);
}

/** The key as PushManager.subscribe wants it. */
function keyBytes(base64Url: string): Uint8Array {
  const base64 = base64Url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/**
 * This browser's push state: unsupported (no service worker or Push API, e.g. an iPhone browser
 * tab not added to the home screen), blocked by the user, off, or on (subscribed, and known to
 * the server under `subscriptionId`).
 */
export async function pushSupport(): Promise<PushSupport> {
  if (!('PushManager' in globalThis) || !('Notification' in globalThis)) {
    return { state: 'unsupported', why: 'This browser does not support push notifications.' };
  }
  if (Notification.permission === 'denied') return { state: 'denied' };
  const reg = await registration();
  if (!reg) return { state: 'unsupported', why: 'The offline app is not installed in this browser yet.' };
  const subscription = await reg.pushManager.getSubscription();
  if (!subscription) return { state: 'off' };
  const stored = await savePushSubscription(subscription.toJSON());
  return { state: 'on', subscriptionId: stored.subscriptionId };
}

/** Asks for permission, subscribes with the server's VAPID key and registers the subscription. */
export async function turnPushOn(label?: string): Promise<PushSupport> {
  const reg = await registration();
  if (!reg) return { state: 'unsupported', why: 'The offline app is not installed in this browser yet.' };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? { state: 'denied' } : { state: 'off' };
  const { publicKey } = await vapidPublicKey();
  const subscription = await reg.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey) as BufferSource,
  });
  const stored = await savePushSubscription(subscription.toJSON(), label);
  return { state: 'on', subscriptionId: stored.subscriptionId };
}

/** Unsubscribes this browser and forgets it on the server. */
export async function turnPushOff(subscriptionId: string | undefined): Promise<PushSupport> {
  const reg = await registration();
  const subscription = await reg?.pushManager.getSubscription();
  await subscription?.unsubscribe();
  if (subscriptionId) await deletePushTarget(subscriptionId);
  return { state: 'off' };
}

export { listPushTargets };
