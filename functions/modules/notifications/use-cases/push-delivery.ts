import type { Severity } from '../domain/channels.js';
import { maskDestination } from '../domain/mask.js';
import { type PushSubscription, pushDestination } from '../domain/push-subscription.js';
import type { DeliveryAttempt } from '../ports/attempt-log.js';
import type { Notification } from '../ports/notifier.js';
import type { PushSubscriptions } from '../ports/push-subscriptions.js';
import { type VapidPorts, vapidKeyPair } from './vapid-keys.js';

/** The ports a push needs beyond sending: the user's targets and the VAPID pair. */
export interface PushPorts extends VapidPorts {
  readonly push: Pick<PushSubscriptions, 'listByUser' | 'remove'>;
}

/** How long a push service keeps an undelivered alert: a CRITICAL one a day, others an hour. */
export function pushTtlSeconds(severity: Severity): number {
  return severity === 'CRITICAL' ? 86_400 : 3_600;
}

/** RFC 8030 Urgency: CRITICAL and HIGH wake a sleeping phone, the rest may wait for it to wake. */
export function pushUrgency(severity: Severity): 'very-low' | 'low' | 'normal' | 'high' {
  if (severity === 'CRITICAL' || severity === 'HIGH') return 'high';
  return severity === 'MEDIUM' ? 'normal' : 'low';
}

/** What to push and where: one notification per push target of the user. */
export interface PushSend {
  readonly subscription: PushSubscription;
  readonly notification: Notification;
}

/** What a push says, whatever the target. */
export interface PushMessage {
  readonly title: string;
  readonly text: string;
  readonly severity: Severity;
  readonly alertId?: string;
  readonly step?: string;
}

/**
 * The sends of one push message to one user: each Web Push subscription gets the message signed
 * with the stage's VAPID pair, each mobile token goes to its SNS platform endpoint (ADR 0117).
 * A token stored before tokens were registered has no endpoint: it is returned in `unregistered`,
 * so the caller records it. The caller lists the user's `subscriptions` (it needs them to decide
 * whether there is anyone to push to), so they are read once.
 */
export async function pushSends(
  ports: PushPorts,
  target: { readonly tenantId: string; readonly userId: string },
  message: PushMessage,
  subscriptions: readonly PushSubscription[],
): Promise<{ sends: PushSend[]; unregistered: PushSubscription[] }> {
  const unregistered = subscriptions.filter((s) => s.kind !== 'web' && !s.endpointArn);
  const deliverable = subscriptions.filter((s) => s.kind === 'web' || s.endpointArn);
  // The VAPID pair is read (and made on first use) only when there is a browser to sign for.
  const vapid = deliverable.some((s) => s.kind === 'web') ? await vapidKeyPair(ports) : undefined;
  return {
    unregistered,
    sends: deliverable.map((subscription) => ({
      subscription,
      notification: pushNotification(target.tenantId, subscription, message, vapid),
    })),
  };
}

function pushNotification(
  tenantId: string,
  subscription: PushSubscription,
  message: PushMessage,
  vapid: { readonly publicKey: string; readonly privateKey: string } | undefined,
): Notification {
  const ttlSeconds = pushTtlSeconds(message.severity);
  const urgency = pushUrgency(message.severity);
  return {
    tenantId,
    channel: 'push',
    destination: subscription.kind === 'web' ? subscription.endpoint : (subscription.endpointArn as string),
    subject: message.title,
    message: message.text,
    metadata: {
      ...(message.alertId ? { alertId: message.alertId, url: `/alerts/${encodeURIComponent(message.alertId)}` } : {}),
      ...(message.step ? { step: message.step } : {}),
      severity: message.severity,
      subscriptionId: subscription.subscriptionId,
    },
    ...(subscription.kind === 'web' && vapid
      ? { webPush: { keys: subscription.keys, vapid, ttlSeconds, urgency } }
      : { mobilePush: { platform: subscription.kind === 'web' ? 'fcm' : subscription.kind, ttlSeconds, urgency } }),
  };
}

/** The record of a mobile token that has no SNS endpoint to publish to. */
export function unregisteredTargetAttempt(
  base: Omit<DeliveryAttempt, 'status' | 'attempt' | 'at' | 'to'>,
  subscription: PushSubscription,
  at: string,
): DeliveryAttempt {
  return {
    ...base,
    to: maskDestination(pushDestination(subscription)),
    status: 'suppressed',
    reason: 'unregistered_target',
    attempt: 0,
    at,
  };
}
