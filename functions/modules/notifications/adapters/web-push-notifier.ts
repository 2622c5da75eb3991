import webpush from 'web-push';
import { DestinationGone, type Notification, type NotificationReceipt, type Notifier } from '../ports/notifier.js';

/** How long one push request may take before it counts as a provider error (and is retried). */
const REQUEST_TIMEOUT_MS = 10_000;

/** A push service refused the request (not 404/410): retried like any provider error. */
export class PushServiceError extends Error {
  override readonly name = 'PushServiceError';
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/** What a Web Push message carries to the service worker (web/src/pwa/push-handler.ts shows it). */
export interface WebPushPayload {
  readonly title: string;
  readonly body: string;
  /** Where a click on the notification leads in the PWA (`/alerts/{alertId}`). */
  readonly url?: string;
  /** Replaces an earlier notification with the same tag (one per alert). */
  readonly tag?: string;
  readonly severity?: string;
}

/** The JSON the service worker receives: title, body, link and tag from the notification. */
export function webPushPayload(notification: Notification): WebPushPayload {
  const meta = notification.metadata ?? {};
  return {
    title: notification.subject ?? 'fleetops',
    body: notification.message,
    ...(meta.url ? { url: meta.url } : {}),
    ...(meta.alertId ? { tag: meta.alertId } : {}),
    ...(meta.severity ? { severity: meta.severity } : {}),
  };
}

/**
 * Web Push (RFC 8030) with the `web-push` library: it builds the request — the payload encrypted
 * for the browser's keys with `aes128gcm` (RFC 8188/8291), a VAPID JWT signed with the stage's
 * private key (RFC 8292), TTL and Urgency — and this adapter sends it with `fetch`, so a slow push
 * service times out (10 s) instead of holding the function. 201/202 is sent; 404/410 is
 * {@link DestinationGone} (the caller forgets the subscription); anything else a
 * {@link PushServiceError}, retried by the caller.
 */
export class WebPushNotifier implements Notifier {
  constructor(
    /** The VAPID `sub` claim: a contact for the push service's operators (`mailto:…`). */
    private readonly subject: string,
    private readonly send_: typeof fetch = fetch,
  ) {}

  async send(notification: Notification): Promise<NotificationReceipt> {
    const push = notification.webPush;
    if (notification.channel !== 'push' || !push) {
      throw new PushServiceError('WebPushNotifier sends Web Push notifications only', 0);
    }
    const request = webpush.generateRequestDetails(
      { endpoint: notification.destination, keys: push.keys },
      JSON.stringify(webPushPayload(notification)),
      {
        vapidDetails: { subject: this.subject, ...push.vapid },
        TTL: push.ttlSeconds,
        urgency: push.urgency,
        contentEncoding: 'aes128gcm',
        ...(notification.metadata?.alertId ? { topic: topicOf(notification.metadata.alertId) } : {}),
      },
    );
    const response = await this.send_(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      ...(request.body ? { body: new Uint8Array(request.body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => '');
    if (response.status === 404 || response.status === 410) {
      throw new DestinationGone(`Push service answered ${response.status}: subscription gone`, response.status);
    }
    if (!response.ok) {
      throw new PushServiceError(`Push service answered ${response.status}: ${text.slice(0, 200)}`, response.status);
    }
    // The push service names the message it accepted in Location (RFC 8030 §5).
    return { messageId: response.headers.get('location') ?? '' };
  }
}

/**
 * The Topic header (RFC 8030 §5.4): a push service keeps only the newest undelivered message of a
 * topic, so a phone that was offline gets the alert once, not once per escalation step. At most
 * 32 characters of the URL-safe alphabet.
 */
function topicOf(alertId: string): string {
  return alertId.replace(/[^A-Za-z0-9_-]/g, '').slice(-32);
}
