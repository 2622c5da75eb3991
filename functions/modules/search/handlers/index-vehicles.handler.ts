import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import { VEHICLE_CHANGED_PATTERN, vehicleChangedSchema } from '../events.js';
import { indexVehicle } from '../use-cases/index-documents.js';

const bindings = { search: openSearchIndex };
export type IndexVehiclesDeps = DepsOf<typeof bindings>;

/**
 * `vehicle.registered` / `vehicle.updated` → the search index. Redelivery overwrites with the same
 * document; the event's time versions it, so an older event delivered late changes nothing.
 */
export function createIndexVehiclesHandler(deps: IndexVehiclesDeps): BusLambdaHandler {
  return eventHandler({ declaration: indexVehicles, deps, detail: vehicleChangedSchema }, async (vehicle, event) => {
    const changedAt = new Date(event.time);
    if (Number.isNaN(changedAt.getTime())) throw new Error(`Event ${event.id} has no valid time: ${event.time}`);
    await indexVehicle(deps, vehicle, changedAt);
  });
}

export const indexVehicles = defineFunction({
  name: 'indexVehicles',
  description: 'Indexes vehicles for search from vehicle.registered and vehicle.updated',
  entry: 'functions/modules/search/handlers/index-vehicles.lambda.ts',
  triggers: [{ kind: 'event', pattern: VEHICLE_CHANGED_PATTERN }],
  timeoutSeconds: 30,
  bindings,
  factory: createIndexVehiclesHandler,
});
