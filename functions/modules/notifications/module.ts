import { defineModule } from '../../platform/wiring/module.js';
import { NOTIFICATION_ERRORS } from './errors.js';
import { NOTIFICATION_EVENTS } from './events.js';
import { alertDeliveries } from './handlers/alert-deliveries.handler.js';
import { escalationPolicies } from './handlers/escalation-policies.handler.js';
import { notificationInbox } from './handlers/notification-inbox.handler.js';
import { notificationPolicy } from './handlers/notification-policy.handler.js';
import { notificationPreferences } from './handlers/notification-preferences.handler.js';
import { notificationTimers } from './handlers/notification-timers.handler.js';
import { notifyAlert } from './handlers/notify-alert.handler.js';
import { notifyEndpointDisabled } from './handlers/notify-endpoint-disabled.handler.js';
import { pushSubscriptions } from './handlers/push-subscriptions.handler.js';
import { stopEscalation } from './handlers/stop-escalation.handler.js';
import { textOnCall } from './handlers/text-on-call.handler.js';
import { NOTIFICATIONS_TABLE } from './tables.js';

/**
 * Notification dispatch (C5): the tenant's on-call SMS for CRITICAL alerts (textOnCall); per-person
 * notifications by preference and quiet hours with escalation, summaries and a delivery record for
 * every attempt (ADR 0111), Web Push to the PWA (ADR 0076); the inbox, preferences, push
 * subscription, tenant policy (ADR 0077) and escalation-policy routes; admins' notices of a disabled
 * webhook endpoint (ADR 0115).
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  tables: [NOTIFICATIONS_TABLE],
  functions: [
    textOnCall,
    notifyAlert,
    notificationTimers,
    stopEscalation,
    notificationPreferences,
    escalationPolicies,
    notificationInbox,
    alertDeliveries,
    pushSubscriptions,
    notificationPolicy,
    notifyEndpointDisabled,
  ],
  events: {
    source: NOTIFICATION_EVENTS.source,
    detailTypes: [NOTIFICATION_EVENTS.timerDue, NOTIFICATION_EVENTS.escalationTriggered],
  },
  errors: [...NOTIFICATION_ERRORS],
});
