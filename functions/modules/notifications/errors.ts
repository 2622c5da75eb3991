import { ExposableError } from '../../platform/errors.js';
import type { RequiredChannelOff } from './domain/preferences.js';

/** No inbox entry with this id for the caller (another user's or tenant's is not found either). */
export class NotificationNotFound extends ExposableError {
  override readonly name = 'NotificationNotFound';
  constructor(notificationId: string) {
    super(404, 'NOTIFICATION_NOT_FOUND', `No notification ${notificationId}`);
  }
}

/** The preferences turn off a channel the tenant's policy requires (CRITICAL in-app, always). */
export class RequiredChannelOffError extends ExposableError {
  override readonly name = 'RequiredChannelOffError';
  constructor(off: readonly RequiredChannelOff[]) {
    super(
      422,
      'CHANNEL_REQUIRED',
      `Your organisation requires ${off.map((o) => `${o.channel} for ${o.severity}`).join(', ')}`,
      {
        details: off.map((o) => ({
          path: `channels.${o.severity}`,
          message: `${o.channel} cannot be turned off for ${o.severity}`,
        })),
      },
    );
  }
}

/** No push target with this id for the caller (another user's or tenant's is not found either). */
export class PushSubscriptionNotFound extends ExposableError {
  override readonly name = 'PushSubscriptionNotFound';
  constructor(subscriptionId: string) {
    super(404, 'PUSH_SUBSCRIPTION_NOT_FOUND', `No push subscription ${subscriptionId}`);
  }
}

/** FCM or APNs does not accept the device token (SNS refused to register it); nothing is stored. */
export class InvalidPushToken extends ExposableError {
  override readonly name = 'InvalidPushToken';
  constructor(platform: string) {
    super(422, 'INVALID_PUSH_TOKEN', `The ${platform} device token was not accepted`, {
      details: [{ path: 'token', message: `not a ${platform} device token the platform accepts` }],
    });
  }
}

/** A tenant policy that leaves out a channel it requires from its own defaults. */
export class PolicyDefaultsMissRequired extends ExposableError {
  override readonly name = 'PolicyDefaultsMissRequired';
  constructor(missing: readonly RequiredChannelOff[]) {
    super(
      422,
      'DEFAULTS_MISS_REQUIRED',
      `The defaults leave out required channels: ${missing.map((m) => `${m.channel} for ${m.severity}`).join(', ')}`,
      {
        details: missing.map((m) => ({
          path: `defaults.${m.severity}`,
          message: `${m.channel} is required for ${m.severity}, so the default must include it`,
        })),
      },
    );
  }
}

/** The notifications module's exposable errors. */
export const NOTIFICATION_ERRORS = [
  NotificationNotFound,
  RequiredChannelOffError,
  PushSubscriptionNotFound,
  InvalidPushToken,
  PolicyDefaultsMissRequired,
] as const;
