/**
 * Key formats of the alerts table (docs/adr/0030-dynamodb-items-and-cursors.md, 0070). Every
 * partition key starts with the tenant, so a query can only ever read one tenant's items.
 */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  alert: (alertId: string) => `ALERT#${alertId}`,
  /** One per (vehicle, rule): held while an alert is open, then kept as "released at" for the cool-down. */
  openLock: (vehicleId: string, ruleKey: string) => `OPEN#${vehicleId}#${ruleKey}`,
  openLocksOf: (vehicleId: string) => `OPEN#${vehicleId}#`,
  rule: (ruleId: string) => `RULE#${ruleId}`,
  rulesPrefix: () => 'RULE#',
  rulesVersion: () => 'RULESET',
  evaluation: (vehicleId: string) => `EVAL#${vehicleId}`,
  /** The event revision `rev` of an alert still owes (transactional outbox, docs/adr/0063). */
  owedEvent: (alertId: string, rev: number) => `OUTBOX#${alertId}#${String(rev).padStart(6, '0')}`,
  alertsByStatus: (tenantId: string, status: string) => `TENANT#${tenantId}#STATUS#${status}`,
  alertsByVehicle: (tenantId: string, vehicleId: string) => `TENANT#${tenantId}#VEHICLE#${vehicleId}`,
} as const;

/** Item discriminator stored on every alerts-table item; the stream indexer keeps only `alert`. */
export const ENTITY = {
  alert: 'alert',
  openLock: 'openLock',
  rule: 'rule',
  rulesVersion: 'rulesVersion',
  evaluation: 'evaluation',
  owedEvent: 'owedEvent',
} as const;
