import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/**
 * Alerts, their (vehicle, rule) locks and the tenants' rules (docs/adr/0070): one table, every key
 * under the tenant. Its stream feeds the search index and the lifecycle outbox.
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

/**
 * The engine's per-vehicle evaluation state (`EVAL#<vehicle>`: condition runs, geofence sides, the
 * speed buffer), saved on every evaluated batch and read by the engine alone, so it has no stream
 * (docs/adr/0072). On the alerts table every save was a stream record with two images that the
 * search indexer and the lifecycle outbox read and skipped: two invocations per evaluated batch.
 */
export const EVALUATIONS_TABLE = defineTable({
  id: 'evaluations',
  envVar: 'EVALUATIONS_TABLE',
  ...PK_SK,
});
