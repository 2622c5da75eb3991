import { defineTable, PK_SK } from '../wiring/tables.js';

/**
 * Idempotency records of HTTP routes that honour `Idempotency-Key` (docs/adr/0062): one item per
 * (tenant, user, route, key), `pk = TENANT#{tenantId}#USER#{userId}`, `sk = ROUTE#{routeKey}#KEY#{key}`,
 * so a key can never reach another tenant's or another user's record. `expiresAt` (epoch seconds)
 * lets DynamoDB's TTL remove a record a day after it was written.
 */
export const IDEMPOTENCY_TABLE = defineTable({
  id: 'idempotency',
  envVar: 'IDEMPOTENCY_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});
