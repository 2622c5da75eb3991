import type { Alert, VehicleSeen } from '../api/types.js';
import { openFleetopsDb } from './db.js';
import { clearFleet } from './fleet-cache.js';

/** What the user last saw, and when it was fetched. */
export interface CachedView {
  readonly alerts: Alert[];
  readonly vehicles: VehicleSeen[];
  readonly savedAt?: number;
}

/** Vehicles named by alerts: their latest alert and how many are open. */
export function vehiclesFrom(alerts: readonly Alert[]): VehicleSeen[] {
  const byId = new Map<string, VehicleSeen>();
  for (const alert of alerts) {
    const seen = byId.get(alert.vehicleId);
    byId.set(alert.vehicleId, {
      vehicleId: alert.vehicleId,
      lastAlertAt: seen && seen.lastAlertAt > alert.raisedAt ? seen.lastAlertAt : alert.raisedAt,
      openAlerts: (seen?.openAlerts ?? 0) + (alert.status === 'open' ? 1 : 0),
    });
  }
  return [...byId.values()];
}

/**
 * Stores `alerts` for the owner: `replace` drops what was cached before (a fresh unfiltered list),
 * otherwise they are added to it (a live frame, a filtered list). Vehicles are rebuilt from the result.
 */
export async function saveView(
  owner: string,
  alerts: readonly Alert[],
  savedAt = Date.now(),
  replace = true,
): Promise<void> {
  const db = await openFleetopsDb();
  const tx = db.transaction(['alerts', 'vehicles', 'meta'], 'readwrite');
  const alertStore = tx.objectStore('alerts');
  const vehicleStore = tx.objectStore('vehicles');
  if (replace) for (const key of await alertStore.index('byOwner').getAllKeys(owner)) await alertStore.delete(key);
  for (const alert of alerts) await alertStore.put({ ...alert, owner });
  for (const key of await vehicleStore.index('byOwner').getAllKeys(owner)) await vehicleStore.delete(key);
  const all = await alertStore.index('byOwner').getAll(owner);
  for (const vehicle of vehiclesFrom(all)) await vehicleStore.put({ ...vehicle, owner });
  await tx.objectStore('meta').put({ key: `view:${owner}`, savedAt });
  await tx.done;
}

/** The owner's cached view, newest alert first. */
export async function loadView(owner: string): Promise<CachedView> {
  const db = await openFleetopsDb();
  const [alerts, vehicles, meta] = await Promise.all([
    db.getAllFromIndex('alerts', 'byOwner', owner),
    db.getAllFromIndex('vehicles', 'byOwner', owner),
    db.get('meta', `view:${owner}`),
  ]);
  const strip = <T extends { owner: string }>({ owner: _, ...rest }: T) => rest;
  return {
    alerts: alerts.map(strip).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)),
    vehicles: vehicles.map(strip),
    ...(meta ? { savedAt: meta.savedAt } : {}),
  };
}

/** Forgets everything cached for the owner (on sign-out: the device may be shared). */
export async function clearOwner(owner: string): Promise<void> {
  const db = await openFleetopsDb();
  const tx = db.transaction(['alerts', 'vehicles', 'outbox', 'meta'], 'readwrite');
  for (const name of ['alerts', 'vehicles', 'outbox'] as const) {
    const store = tx.objectStore(name);
    for (const key of await store.index('byOwner').getAllKeys(owner)) await store.delete(key);
  }
  await tx.objectStore('meta').delete(`view:${owner}`);
  await tx.done;
  await clearFleet(owner); // the fleet list lives in a database of its own (offline/fleet-cache.ts)
}
