import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { durableTimers } from '../../../platform/timers/timers-binding.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { channelNotifier } from '../adapters/channel-notifier.js';
import { dynamoDbAttemptLog } from '../adapters/dynamodb-attempt-log.js';
import { dynamoDbEscalationStates } from '../adapters/dynamodb-escalation-states.js';
import { dynamoDbHeldMessages } from '../adapters/dynamodb-held-messages.js';
import { dynamoDbInbox } from '../adapters/dynamodb-inbox.js';
import { dynamoDbNotificationSettings } from '../adapters/dynamodb-notification-settings.js';
import { dynamoDbPushSubscriptions } from '../adapters/dynamodb-push-subscriptions.js';
import { dynamoDbVapidKeys } from '../adapters/dynamodb-vapid-keys.js';
import { NOTIFICATION_TIMERS } from '../events.js';
import { DEFAULT_RETRY_DELAYS_MS } from '../use-cases/notify-people.js';

/** What telling people needs, bound once for the functions that do it (dispatch and timers). */
export const DELIVERY_BINDINGS = {
  fleet: dynamoDbFleetRepository.read,
  settings: dynamoDbNotificationSettings.read,
  inbox: dynamoDbInbox.readWrite,
  attempts: dynamoDbAttemptLog.readWrite,
  held: dynamoDbHeldMessages.readWrite,
  states: dynamoDbEscalationStates.readWrite,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
  push: dynamoDbPushSubscriptions.readWrite,
  vapid: dynamoDbVapidKeys.readWrite,
  cipher: fieldCipher,
  notifier: channelNotifier('sms', 'email', 'webpush'),
  timers: durableTimers(NOTIFICATION_TIMERS),
};

/**
 * Retry delays of provider errors: `NOTIFICATION_RETRY_DELAYS_MS` (comma-separated milliseconds,
 * e.g. `50,100` in the e2e tests), else {@link DEFAULT_RETRY_DELAYS_MS}.
 */
export function retryDelaysFromEnvironment(env: NodeJS.ProcessEnv = process.env): readonly number[] {
  const raw = env.NOTIFICATION_RETRY_DELAYS_MS;
  if (!raw) return DEFAULT_RETRY_DELAYS_MS;
  const delays = raw.split(',').map((v) => Number(v.trim()));
  if (delays.some((d) => !Number.isFinite(d) || d < 0))
    throw new Error(`NOTIFICATION_RETRY_DELAYS_MS is not a list of ms: ${raw}`);
  return delays;
}
