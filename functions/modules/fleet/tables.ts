import { defineTable, PK_SK } from '../../platform/wiring/tables.js';

/** Tenants, users, vehicles and their live state, on-call numbers: the fleet's master data. */
export const FLEET_TABLE = defineTable({
  id: 'fleet',
  envVar: 'FLEET_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
});

/**
 * Raw readings, one item per (vehicle, ts): the item key is the idempotency key. Its stream is
 * what makes an accepted reading reach evaluation whatever dies when (docs/adr/0061).
 */
export const TELEMETRY_TABLE = defineTable({
  id: 'telemetry',
  envVar: 'TELEMETRY_TABLE',
  ...PK_SK,
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_IMAGE',
});
