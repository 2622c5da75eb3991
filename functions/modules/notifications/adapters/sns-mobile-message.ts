import type { Notification } from '../ports/notifier.js';

/** The SNS platform of an endpoint ARN (`…:endpoint/{PLATFORM}/{application}/{id}`). */
export function endpointPlatform(endpointArn: string): string | undefined {
  return /:endpoint\/([A-Z_]+)\//.exec(endpointArn)?.[1];
}

/**
 * The SNS `MessageStructure: json` message of one mobile push: a `default` text for any other
 * protocol, and the payload of the endpoint's platform — FCM HTTP v1 (`fcmV1Message`) for GCM
 * endpoints, an `aps` dictionary for APNS / APNS_SANDBOX. Both carry the alert id and the PWA
 * link as data, so a tap opens the alert; a collapse key / thread id of the alert keeps one
 * notification per alert on the device.
 */
export function snsMobileMessage(notification: Notification): {
  readonly message: string;
  readonly attributes: Record<string, { DataType: 'String'; StringValue: string }>;
} {
  const push = notification.mobilePush;
  const meta = notification.metadata ?? {};
  const title = notification.subject ?? 'fleetops';
  const body = notification.message;
  const high = push?.urgency === 'high';
  const ttl = push?.ttlSeconds ?? 3600;
  const data: Record<string, string> = {
    ...(meta.alertId ? { alertId: meta.alertId } : {}),
    ...(meta.url ? { url: meta.url } : {}),
    ...(meta.severity ? { severity: meta.severity } : {}),
  };
  const platform = endpointPlatform(notification.destination) ?? (push?.platform === 'apns' ? 'APNS' : 'GCM');
  const string = (value: string) => ({ DataType: 'String' as const, StringValue: value });
  if (platform === 'GCM') {
    const fcm = {
      fcmV1Message: {
        message: {
          notification: { title, body },
          data,
          android: {
            priority: high ? 'high' : 'normal',
            ttl: `${ttl}s`,
            ...(meta.alertId ? { collapse_key: meta.alertId } : {}),
          },
        },
      },
    };
    return {
      message: JSON.stringify({ default: body, GCM: JSON.stringify(fcm) }),
      attributes: { 'AWS.SNS.MOBILE.FCM.TTL': string(String(ttl)) },
    };
  }
  const aps = {
    aps: {
      alert: { title, body },
      sound: 'default',
      ...(meta.alertId ? { 'thread-id': meta.alertId } : {}),
      ...(meta.severity === 'CRITICAL' ? { 'interruption-level': 'time-sensitive' } : {}),
    },
    ...data,
  };
  return {
    message: JSON.stringify({ default: body, [platform]: JSON.stringify(aps) }),
    attributes: {
      'AWS.SNS.MOBILE.APNS.PUSH_TYPE': string('alert'),
      'AWS.SNS.MOBILE.APNS.PRIORITY': string(high ? '10' : '5'),
      'AWS.SNS.MOBILE.APNS.TTL': string(String(ttl)),
      ...(meta.alertId ? { 'AWS.SNS.MOBILE.APNS.COLLAPSE_ID': string(meta.alertId.slice(-64)) } : {}),
    },
  };
}
