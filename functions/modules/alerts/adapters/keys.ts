/**
 * Key formats of the alerts table (docs/adr/0030-dynamodb-items-and-cursors.md). Every partition
 * key starts with the tenant, so a query can only ever read one tenant's items.
 */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  alert: (alertId: string) => `ALERT#${alertId}`,
  openLock: (vehicleId: string, type: string) => `OPEN#${vehicleId}#${type}`,
  alertsByStatus: (tenantId: string, status: string) => `TENANT#${tenantId}#STATUS#${status}`,
  alertsByVehicle: (tenantId: string, vehicleId: string) => `TENANT#${tenantId}#VEHICLE#${vehicleId}`,
} as const;

/** Item discriminator stored on every alerts-table item; the stream indexer keeps only `alert`. */
export const ENTITY = {
  alert: 'alert',
  openLock: 'openLock',
} as const;
