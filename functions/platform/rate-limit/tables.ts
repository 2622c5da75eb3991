import { defineTable, PK_SK } from '../wiring/tables.js';

/**
 * Rate-limit buckets and the tenants' rate-limit settings (docs/adr/0114). A bucket is one item,
 * `pk = TENANT#{tenantId}#BUCKET#tenant` or `TENANT#{tenantId}#BUCKET#client#{clientId}`, `sk =
 * BUCKET`, holding its theoretical arrival time `tat` (epoch ms): each bucket its own partition, so
 * one tenant's clients never share a partition's write throughput. A tenant's plan is `pk =
 * TENANT#{tenantId}`, `sk = SETTINGS`. `expiresAt` (epoch seconds) lets TTL remove a bucket an
 * hour after it was last full; the adapter treats a `tat` in the past as a full bucket anyway.
 */
export const RATE_LIMIT_TABLE = defineTable({
  id: 'rateLimits',
  envVar: 'RATE_LIMIT_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});
