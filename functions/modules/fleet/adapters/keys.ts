/**
 * Key formats of the fleet, telemetry and ingest log tables (docs/adr/0030-dynamodb-items-and-cursors.md).
 * Every partition key starts with the tenant, so a query can only ever read one tenant's items.
 */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  tenantProfile: () => 'TENANT',
  user: (userId: string) => `USER#${userId}`,
  vehicle: (vehicleId: string) => `VEHICLE#${vehicleId}`,
  vehicleState: (vehicleId: string) => `STATE#${vehicleId}`,
  /** One service of a vehicle: a resend of the same (vehicle, ts) rewrites the same record. */
  service: (vehicleId: string, ts: string) => `SERVICE#${vehicleId}#${ts}`,
  /** Tombstone of a resolved alert, so a late `alert.raised` cannot reopen it in the count. */
  resolvedAlert: (alertId: string) => `RESOLVED_ALERT#${alertId}`,
  readingPartition: (tenantId: string, vehicleId: string) => `TENANT#${tenantId}#VEHICLE#${vehicleId}`,
  readingSort: (ts: string) => `TS#${ts}`,
  batchPartition: (tenantId: string, batchId: string) => `TENANT#${tenantId}#BATCH#${batchId}`,
  batchPublished: () => 'PUBLISHED',
  /** One part of an accepted batch in the ingest log (same partition as its mark, another table). */
  batchPart: (part: number) => `PART#${String(part).padStart(3, '0')}`,
} as const;

/** Item discriminator stored on every item of these tables. */
export const ENTITY = {
  tenant: 'tenant',
  user: 'user',
  vehicle: 'vehicle',
  vehicleState: 'vehicleState',
  service: 'service',
  resolvedAlert: 'resolvedAlert',
  reading: 'reading',
  publishedBatch: 'publishedBatch',
  acceptedBatch: 'acceptedBatch',
} as const;
