import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbVehicleRegistry } from '../adapters/dynamodb-vehicle-registry.js';
import { updateVehicle } from '../use-cases/update-vehicle.js';
import { VEHICLE_EDITOR_ROLES } from './vehicle-roles.js';
import { updateVehicleBody, vehiclePath } from './vehicle-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  vehicles: dynamoDbVehicleRegistry.readWrite,
  events: eventBridgeBus,
};
export type UpdateVehicleDeps = DepsOf<typeof bindings>;

/**
 * `PATCH /v1/vehicles/{vehicleId}` (C2, admin and fleet manager): renames, retypes or (un)assigns
 * the driver (`driverId: null`), answers the vehicle after the change and publishes `vehicle.updated`.
 */
export function createUpdateVehicleHandler(deps: UpdateVehicleDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: updateVehicleFunction, deps, body: updateVehicleBody, path: vehiclePath },
    async ({ identity, body, path }) => {
      const vehicle = await updateVehicle(deps, {
        tenantId: identity.tenantId,
        vehicleId: path.vehicleId,
        patch: body,
      });
      const { tenantId: _tenantId, ...shown } = vehicle;
      return { statusCode: 200, body: shown };
    },
  );
}

export const updateVehicleFunction = defineFunction({
  name: 'updateVehicle',
  description: 'PATCH /v1/vehicles/{vehicleId}: changes a vehicle and publishes vehicle.updated',
  entry: 'functions/modules/fleet/handlers/update-vehicle.lambda.ts',
  triggers: [{ kind: 'http', method: 'PATCH', path: '/v1/vehicles/{vehicleId}', roles: VEHICLE_EDITOR_ROLES }],
  bindings,
  factory: createUpdateVehicleHandler,
});
