import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbVehicleRegistry } from '../adapters/dynamodb-vehicle-registry.js';
import { registerVehicle } from '../use-cases/register-vehicle.js';
import { VEHICLE_REGISTRAR_ROLES } from './vehicle-roles.js';
import { registerVehicleBody } from './vehicle-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  vehicles: dynamoDbVehicleRegistry.readWrite,
  events: eventBridgeBus,
};
export type RegisterVehicleDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/vehicles` (C2, admin): registers a vehicle in the caller's tenant (201 with the vehicle;
 * 409 VEHICLE_EXISTS when the id is taken) and publishes `vehicle.registered`. From then on ingest
 * accepts its readings.
 */
export function createRegisterVehicleHandler(deps: RegisterVehicleDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: registerVehicleFunction, deps, body: registerVehicleBody },
    async ({ identity, body }) => {
      const vehicle = await registerVehicle(deps, { ...body, tenantId: identity.tenantId });
      deps.logger.info('Vehicle registered', { vehicleId: vehicle.vehicleId });
      const { tenantId: _tenantId, ...shown } = vehicle;
      return { statusCode: 201, body: shown };
    },
  );
}

export const registerVehicleFunction = defineFunction({
  name: 'registerVehicle',
  description: 'POST /v1/vehicles: registers a vehicle and publishes vehicle.registered',
  entry: 'functions/modules/fleet/handlers/register-vehicle.lambda.ts',
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/vehicles', roles: VEHICLE_REGISTRAR_ROLES }],
  bindings,
  factory: createRegisterVehicleHandler,
});
