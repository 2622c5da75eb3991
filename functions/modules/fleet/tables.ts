import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/** Tenants, users, vehicles and their live state, on-call numbers: the fleet's master data. */
export const FLEET_TABLE = defineTable({
  id: 'fleet',
  envVar: 'FLEET_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});

/**
 * Raw readings, one item per (vehicle, ts): the item key is the idempotency key, and the history
 * the fleet views chart. Written by `publishReadings` from the ingest log, and by no request.
 */
export const TELEMETRY_TABLE = defineTable({
  id: 'telemetry',
  envVar: 'TELEMETRY_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});

/**
 * Every accepted ingest batch as one item (one per 300 KB part), kept two days. Writing it is what
 * a 202 means; its stream carries the batch to the telemetry table, vehicle state and evaluation
 * whatever dies when (docs/adr/0061, docs/adr/0135).
 */
export const INGEST_LOG_TABLE = defineTable({
  id: 'ingestLog',
  envVar: 'INGEST_LOG_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_IMAGE',
});
