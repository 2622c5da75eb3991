import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbVehicleRegistry } from '../adapters/dynamodb-vehicle-registry.js';
import { fleetScopeOf } from '../domain/fleet-scope.js';
import { getVehicle } from '../use-cases/read-vehicles.js';
import { VEHICLE_READER_ROLES } from './vehicle-roles.js';
import { vehiclePath } from './vehicle-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, vehicles: dynamoDbVehicleRegistry.read };
export type GetVehicleDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/vehicles/{vehicleId}` (C2): the vehicle with its state, odometer, engine hours and last
 * service; 404 VEHICLE_NOT_FOUND for a vehicle the caller may not see (another tenant's, another driver's).
 */
export function createGetVehicleHandler(deps: GetVehicleDeps): HttpLambdaHandler {
  return httpHandler({ declaration: getVehicleFunction, deps, path: vehiclePath }, async ({ identity, path }) => ({
    statusCode: 200,
    body: await getVehicle(deps, fleetScopeOf(identity), path.vehicleId),
  }));
}

export const getVehicleFunction = defineFunction({
  name: 'getVehicle',
  description: 'GET /v1/vehicles/{vehicleId}: one vehicle with its state and last service',
  entry: 'functions/modules/fleet/handlers/get-vehicle.lambda.ts',
  triggers: [
    {
      kind: 'http',
      method: 'GET',
      path: '/v1/vehicles/{vehicleId}',
      roles: VEHICLE_READER_ROLES,
      scopes: ['vehicles:read'],
    },
  ],
  bindings,
  factory: createGetVehicleHandler,
});
