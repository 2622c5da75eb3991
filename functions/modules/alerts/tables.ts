import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/**
 * Alerts, their (vehicle, rule) locks, the tenants' rules and the engine's per-vehicle evaluation
 * state (docs/adr/0070): one table, every key under the tenant.
 */
export const ALERTS_TABLE = defineTable({
  id: 'alerts',
  envVar: 'ALERTS_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: 'byStatus', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    { indexName: 'byVehicle', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
  ],
});
