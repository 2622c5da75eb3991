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

/** The notifications module's exposable errors. */
export const NOTIFICATION_ERRORS = [NotificationNotFound, RequiredChannelOffError] as const;
