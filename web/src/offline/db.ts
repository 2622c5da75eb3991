import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Alert, VehicleSeen } from '../api/types.js';
import type { QueuedAction } from './action-queue.js';

/** The app's IndexedDB: what the user last saw, and the actions waiting to be sent. */
export interface FleetopsDb extends DBSchema {
  alerts: { key: [string, string]; value: Alert & { owner: string }; indexes: { byOwner: string } };
  vehicles: { key: [string, string]; value: VehicleSeen & { owner: string }; indexes: { byOwner: string } };
  outbox: { key: string; value: QueuedAction; indexes: { byOwner: string } };
  meta: { key: string; value: { key: string; savedAt: number } };
}

let db: Promise<IDBPDatabase<FleetopsDb>> | undefined;

/** Opens (once) the `fleetops` database. Rows carry `owner` (tenant/user) so users never see each other's. */
export function openFleetopsDb(): Promise<IDBPDatabase<FleetopsDb>> {
  db ??= openDB<FleetopsDb>('fleetops', 1, {
    upgrade(database) {
      const alerts = database.createObjectStore('alerts', { keyPath: ['owner', 'alertId'] });
      alerts.createIndex('byOwner', 'owner');
      const vehicles = database.createObjectStore('vehicles', { keyPath: ['owner', 'vehicleId'] });
      vehicles.createIndex('byOwner', 'owner');
      const outbox = database.createObjectStore('outbox', { keyPath: 'idempotencyKey' });
      outbox.createIndex('byOwner', 'owner');
      database.createObjectStore('meta', { keyPath: 'key' });
    },
  });
  return db;
}
