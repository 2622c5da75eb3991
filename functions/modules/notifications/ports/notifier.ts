import type { MobilePlatform } from '../domain/push-subscription.js';

export type NotificationChannel = 'sms' | 'push' | 'email';

export interface Notification {
  readonly tenantId: string;
  readonly channel: NotificationChannel;
  /** E.164 phone number for sms, endpoint ARN / device token for push, address for email. */
  readonly destination: string;
  readonly message: string;
  readonly subject?: string;
  /** Correlates the send with what caused it (alertId, …); kept in the delivery record. */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * For a Web Push send (channel `push`, destination the subscription's endpoint): the browser's
   * keys to encrypt for and the stage's VAPID pair to sign with. Never stored or logged.
   */
  readonly webPush?: {
    readonly keys: { readonly p256dh: string; readonly auth: string };
    readonly vapid: { readonly publicKey: string; readonly privateKey: string };
    /** Seconds the push service keeps an undelivered message. */
    readonly ttlSeconds: number;
    readonly urgency: 'very-low' | 'low' | 'normal' | 'high';
  };
  /** For a mobile push (destination the device's SNS platform endpoint, ADR 0117). */
  readonly mobilePush?: MobilePushOptions;
}

/** What a mobile push (channel `push` to an SNS platform endpoint) carries beyond title and text. */
export interface MobilePushOptions {
  readonly platform: MobilePlatform;
  /** Seconds FCM / APNs keep an undelivered message. */
  readonly ttlSeconds: number;
  /** `high` wakes the device (FCM priority high, APNs priority 10); otherwise it may wait. */
  readonly urgency: 'very-low' | 'low' | 'normal' | 'high';
}

export interface NotificationReceipt {
  readonly messageId: string;
}

/**
 * The destination no longer exists (a push service answered 404 or 410: the browser unsubscribed
 * or the subscription expired; SNS answered EndpointDisabled: FCM or APNs rejected the device
 * token). Not retried; the caller forgets the destination.
 */
export class DestinationGone extends Error {
  override readonly name = 'DestinationGone';
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/**
 * SNS, SES and Web Push in AWS, the outbox locally (GET /dev/outbox). Throws when the provider
 * refused the send ({@link DestinationGone} when the destination is gone for good).
 */
export interface Notifier {
  send(notification: Notification): Promise<NotificationReceipt>;
}
