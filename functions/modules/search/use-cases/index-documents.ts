import { alertDocument, vehicleDocument } from '../domain/documents.js';
import type { IndexableAlert, VehicleChanged } from '../events.js';
import type { SearchIndex } from '../ports/search-index.js';

type Deps = { readonly search: SearchIndex };

/** Indexes an alert as it now is; an older version arriving late is kept out by the index. */
export async function indexAlert(deps: Deps, alert: IndexableAlert): Promise<void> {
  await deps.search.upsert([alertDocument(alert)]);
}

/** Forgets a deleted alert. */
export async function forgetAlert(deps: Deps, key: { tenantId: string; alertId: string }): Promise<void> {
  await deps.search.remove([{ tenantId: key.tenantId, collection: 'alerts', id: key.alertId }]);
}

/** Indexes a vehicle as a `vehicle.registered` / `vehicle.updated` published at `changedAt` describes it. */
export async function indexVehicle(deps: Deps, vehicle: VehicleChanged, changedAt: Date): Promise<void> {
  await deps.search.upsert([vehicleDocument(vehicle, changedAt)]);
}
