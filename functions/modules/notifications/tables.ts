import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/** Delivery claims and one record per delivery attempt (later: inboxes, preferences). */
export const NOTIFICATIONS_TABLE = defineTable({
  id: 'notifications',
  envVar: 'NOTIFICATIONS_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});
