/*
 * Web Push in the PWA's service worker (ADR 0076). Workbox's generated sw.js imports this file
 * (vite.config.ts, workbox.importScripts). A push carries the JSON of webPushPayload
 * (functions/modules/notifications/adapters/web-push-notifier.ts): {title, body, url?, tag?, severity?}.
 */
/* global self, clients */

/** What a push shows: its title and body, one notification per alert (tag), CRITICAL stays until handled. */
self.fleetopsNotificationOptions = (payload) => ({
  body: payload.body || '',
  tag: payload.tag || undefined,
  renotify: Boolean(payload.tag),
  requireInteraction: payload.severity === 'CRITICAL',
  icon: '/icons/icon-192.png',
  badge: '/icons/icon-192.png',
  data: { url: payload.url || '/notifications' },
});

self.addEventListener('push', (event) => {
  let payload;
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = { title: 'fleetops', body: event.data ? event.data.text() : '' };
  }
  // userVisibleOnly: every push must show a notification, or the browser shows its own.
  event.waitUntil(
    self.registration.showNotification(payload.title || 'fleetops', self.fleetopsNotificationOptions(payload)),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || '/notifications', self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
      // An open fleetops window goes to the alert; otherwise a new one opens on it.
      const open = windows.find((w) => new URL(w.url).origin === target.origin);
      if (open) {
        await open.focus();
        if ('navigate' in open) await open.navigate(target.href);
        return;
      }
      await clients.openWindow(target.href);
    })(),
  );
});
