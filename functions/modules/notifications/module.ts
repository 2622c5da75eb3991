import { defineModule } from '../../platform/wiring/module.js';
import { dispatchAlert } from './handlers/dispatch-alert.handler.js';
import { NOTIFICATIONS_TABLE } from './tables.js';

/** Notification dispatch (C5): in-app frames and SMS, each delivery claimed and recorded. */
export const notificationsModule = defineModule({
  name: 'notifications',
  tables: [NOTIFICATIONS_TABLE],
  functions: [dispatchAlert],
});
