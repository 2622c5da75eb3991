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

/** What to push and where: one notification per Web Push subscription of the user. */
export interface PushSend {
  readonly subscription: PushSubscription;
  readonly notification: Notification;
}

/**
 * The sends of one push message to one user: each Web Push subscription gets the message signed
 * with the stage's VAPID pair. Mobile tokens (FCM/APNs) are registered but not delivered yet: they
 * are returned in `unsupported`, so the caller records them (ADR 0076).
 */
export async function pushSends(
  ports: PushPorts,
  target: { readonly tenantId: string; readonly userId: string },
  message: {
    readonly title: string;
    readonly text: string;
    readonly severity: Severity;
    readonly alertId?: string;
    readonly step?: string;
  },
): Promise<{ sends: PushSend[]; unsupported: PushSubscription[] }> {
  const subscriptions = await ports.push.listByUser(target.tenantId, target.userId);
  const web = subscriptions.filter((s) => s.kind === 'web');
  const unsupported = subscriptions.filter((s) => s.kind !== 'web');
  if (web.length === 0) return { sends: [], unsupported };
  const vapid = await vapidKeyPair(ports);
  return {
    unsupported,
    sends: web.map((subscription) => ({
      subscription,
      notification: {
        tenantId: target.tenantId,
        channel: 'push',
        destination: pushDestination(subscription),
        subject: message.title,
        message: message.text,
        metadata: {
          ...(message.alertId
            ? { alertId: message.alertId, url: `/alerts/${encodeURIComponent(message.alertId)}` }
            : {}),
          ...(message.step ? { step: message.step } : {}),
          severity: message.severity,
          subscriptionId: subscription.subscriptionId,
        },
        webPush: {
          keys: subscription.kind === 'web' ? subscription.keys : { p256dh: '', auth: '' },
          vapid,
          ttlSeconds: pushTtlSeconds(message.severity),
          urgency: pushUrgency(message.severity),
        },
      },
    })),
  };
}

/** The record of a target that cannot be sent to yet. */
export function unsupportedTargetAttempt(
  base: Omit<DeliveryAttempt, 'status' | 'attempt' | 'at' | 'to'>,
  subscription: PushSubscription,
  at: string,
): DeliveryAttempt {
  return {
    ...base,
    to: maskDestination(pushDestination(subscription)),
    status: 'suppressed',
    reason: 'unsupported_target',
    attempt: 0,
    at,
  };
}
