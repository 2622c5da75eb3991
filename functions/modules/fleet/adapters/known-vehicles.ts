/**
 * Vehicles this container has already seen registered, per tenant, for a bounded time. Ingest asks
 * the fleet table which vehicles of a batch are unknown on every request; a live fleet sends the
 * same vehicles again and again, so a positive answer is kept and a vehicle is read again only
 * when it was not found, or after `ttlMs`. Only "known" is cached, never "unknown": a vehicle
 * registered a moment ago is accepted on its first reading. Vehicles are never deregistered
 * today; `ttlMs` bounds how long a deregistration would take to reach a warm container.
 */
export class KnownVehicles {
  private readonly knownUntil = new Map<string, number>();

  constructor(
    private readonly options: {
      /** @default 60000 */
      readonly ttlMs?: number;
      /** Entries kept at most; past it the cache starts over. @default 100000 */
      readonly maxEntries?: number;
      /** @default Date.now */
      readonly now?: () => number;
    } = {},
  ) {}

  /** The vehicles of `vehicleIds` not known (or no longer known) to be registered for the tenant. */
  unconfirmed(tenantId: string, vehicleIds: readonly string[]): string[] {
    const now = this.now();
    return vehicleIds.filter((vehicleId) => (this.knownUntil.get(key(tenantId, vehicleId)) ?? 0) <= now);
  }

  /** Records vehicles the fleet table just confirmed as the tenant's. */
  confirm(tenantId: string, vehicleIds: readonly string[]): void {
    if (this.knownUntil.size + vehicleIds.length > (this.options.maxEntries ?? 100_000)) this.knownUntil.clear();
    const until = this.now() + (this.options.ttlMs ?? 60_000);
    for (const vehicleId of vehicleIds) this.knownUntil.set(key(tenantId, vehicleId), until);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

// Tenant first, with a separator neither id may contain: one tenant's entry never answers for another's.
const key = (tenantId: string, vehicleId: string) => `${tenantId}\u0000${vehicleId}`;
