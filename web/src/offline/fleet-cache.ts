import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { VehicleSummary } from '../api/fleet-client.js';

/** The fleet list a user last saw, and when it was fetched. */
export interface CachedFleet {
  readonly vehicles: VehicleSummary[];
  readonly savedAt: number;
}

interface FleetCacheDb extends DBSchema {
  fleets: { key: string; value: CachedFleet & { owner: string } };
}

let db: Promise<IDBPDatabase<FleetCacheDb>> | undefined;

/**
 * A database of its own (`fleetops-fleet`), so the fleet screens add offline copies without a
 * version change of the shell's `fleetops` database. One row per `tenant/user`.
 */
function openFleetCache(): Promise<IDBPDatabase<FleetCacheDb>> {
  db ??= openDB<FleetCacheDb>('fleetops-fleet', 1, {
    upgrade(database) {
      database.createObjectStore('fleets', { keyPath: 'owner' });
    },
  });
  return db;
}

/** Keeps the owner's fleet list (the first, unfiltered page) for offline use. */
export async function saveFleet(
  owner: string,
  vehicles: readonly VehicleSummary[],
  savedAt = Date.now(),
): Promise<void> {
  await (await openFleetCache()).put('fleets', { owner, vehicles: [...vehicles], savedAt });
}

/** The owner's saved fleet list, if any. */
export async function loadFleet(owner: string): Promise<CachedFleet | undefined> {
  const row = await (await openFleetCache()).get('fleets', owner);
  return row ? { vehicles: row.vehicles, savedAt: row.savedAt } : undefined;
}

/** Forgets the owner's fleet list (sign-out: the device may be shared). */
export async function clearFleet(owner: string): Promise<void> {
  await (await openFleetCache()).delete('fleets', owner);
}
