import { createHash } from 'node:crypto';

/** Where a person's push notifications go: a browser's Web Push subscription or a mobile device token. */
export type PushTarget =
  | {
      readonly kind: 'web';
      /** The push service URL of the subscription (a capability URL: whoever has it and the keys can push). */
      readonly endpoint: string;
      /** The browser's P-256 public key and auth secret, base64url (RFC 8291). */
      readonly keys: { readonly p256dh: string; readonly auth: string };
    }
  | {
      readonly kind: MobilePlatform;
      /** The FCM registration token or APNs device token, as the platform issued it. */
      readonly token: string;
      /**
       * The SNS platform endpoint the token was registered as on subscribe (ADR 0117): what a
       * push is published to. Absent on tokens stored before mobile push was delivered.
       */
      readonly endpointArn?: string;
    };

/** The mobile push platforms: Firebase Cloud Messaging and Apple Push Notification service. */
export type MobilePlatform = 'fcm' | 'apns';

/** One stored push target of one user (contract: `POST /v1/me/push-subscriptions`). */
export type PushSubscription = PushTarget & {
  readonly tenantId: string;
  readonly userId: string;
  /** Derived from the endpoint or token, so subscribing the same browser twice stores it once. */
  readonly subscriptionId: string;
  readonly createdAt: string;
  /** What the user called it, or the browser's user agent, shortened (to tell devices apart). */
  readonly label?: string;
};

/** A Web Push subscription (the only kind the web-push transport sends to). */
export type WebPushSubscription = Extract<PushSubscription, { kind: 'web' }>;

/** A mobile device token (delivered through its SNS platform endpoint). */
export type MobilePushSubscription = Extract<PushSubscription, { kind: MobilePlatform }>;

/**
 * The id of a push target: 22 base64url characters of SHA-256 over its kind and endpoint or token.
 * Deterministic, so a re-subscription (the PWA sends its subscription on every start) overwrites
 * the stored one instead of adding a copy that would double every push.
 */
export function subscriptionIdFor(target: PushTarget): string {
  const value = target.kind === 'web' ? target.endpoint : target.token;
  return createHash('sha256').update(`${target.kind}\n${value}`).digest('base64url').slice(0, 22);
}

/** The destination of a push target as the outbox and the (masked) delivery record name it. */
export function pushDestination(target: PushTarget): string {
  return target.kind === 'web' ? target.endpoint : `${target.kind}:${target.token}`;
}
