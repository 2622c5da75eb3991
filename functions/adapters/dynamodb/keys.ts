/**
 * Key formats of the single-purpose tables (docs/adr/0030-dynamodb-item-design.md). Every
 * partition key starts with the tenant, so a query can only ever read one tenant's items.
 */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  tenantProfile: () => 'TENANT',
  user: (userId: string) => `USER#${userId}`,
  vehicle: (vehicleId: string) => `VEHICLE#${vehicleId}`,
  vehicleState: (vehicleId: string) => `STATE#${vehicleId}`,
  readingPartition: (tenantId: string, vehicleId: string) => `TENANT#${tenantId}#VEHICLE#${vehicleId}`,
  readingSort: (ts: string) => `TS#${ts}`,
  alert: (alertId: string) => `ALERT#${alertId}`,
  openLock: (vehicleId: string, type: string) => `OPEN#${vehicleId}#${type}`,
  alertsByStatus: (tenantId: string, status: string) => `TENANT#${tenantId}#STATUS#${status}`,
  alertsByVehicle: (tenantId: string, vehicleId: string) => `TENANT#${tenantId}#VEHICLE#${vehicleId}`,
  deliveryClaim: (alertId: string, channel: string, destination: string) =>
    `CLAIM#${alertId}#${channel}#${destination}`,
  deliveryPrefix: (alertId: string) => `DELIVERY#${alertId}#`,
} as const;

/** Item discriminator stored on every alerts-table item; the stream indexer keeps only `alert`. */
export const ENTITY = {
  tenant: 'tenant',
  user: 'user',
  vehicle: 'vehicle',
  vehicleState: 'vehicleState',
  reading: 'reading',
  alert: 'alert',
  openLock: 'openLock',
  deliveryClaim: 'deliveryClaim',
  delivery: 'delivery',
} as const;

/** Key attributes that never leave a repository. */
const STORAGE_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt']);

/** The item without its storage attributes. */
export function withoutStorageAttributes(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name)));
}

/** Seconds since the epoch, DynamoDB TTL's unit. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
