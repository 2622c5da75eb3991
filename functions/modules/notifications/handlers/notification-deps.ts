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
  notifier: channelNotifier('sms', 'email', 'webpush', 'push'),
  timers: durableTimers(NOTIFICATION_TIMERS),
};
