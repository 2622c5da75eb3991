import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/**
 * Outbound webhooks: the tenant's endpoints (secrets sealed), each endpoint's messages and the log
 * of their attempts, and its throttle window. Messages and attempts expire (`expiresAt`, 30 days).
 */
export const WEBHOOKS_TABLE = defineTable({
  id: 'webhooks',
  envVar: 'WEBHOOKS_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});
