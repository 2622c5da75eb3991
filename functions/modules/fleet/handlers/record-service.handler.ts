import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbVehicleRegistry } from '../adapters/dynamodb-vehicle-registry.js';
import { recordService } from '../use-cases/record-service.js';
import { VEHICLE_EDITOR_ROLES } from './vehicle-roles.js';
import { recordServiceBody, vehiclePath } from './vehicle-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, vehicles: dynamoDbVehicleRegistry.readWrite };
export type RecordServiceDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/vehicles/{vehicleId}/services` (C2, C3 maintenance baseline): records a service (201
 * with the record) and moves the vehicle state's lastService forward. An empty body is a service
 * done now at the vehicle's current odometer and engine hours.
 */
export function createRecordServiceHandler(deps: RecordServiceDeps): HttpLambdaHandler {
  return httpHandler(
    {
      declaration: recordServiceFunction,
      deps,
      path: vehiclePath,
      body: () =>
        z.pipe(
          z.transform((value) => value ?? {}),
          recordServiceBody(deps.clock.now()),
        ),
    },
    async ({ identity, body, path }) => {
      const service = await recordService(deps, {
        ...body,
        tenantId: identity.tenantId,
        vehicleId: path.vehicleId,
        recordedBy: identity.userId,
        recordedAt: deps.clock.now().toISOString(),
      });
      const { tenantId: _tenantId, ...shown } = service;
      return { statusCode: 201, body: shown };
    },
  );
}

export const recordServiceFunction = defineFunction({
  name: 'recordVehicleService',
  description: 'POST /v1/vehicles/{vehicleId}/services: records a service and updates lastService',
  entry: 'functions/modules/fleet/handlers/record-service.lambda.ts',
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/vehicles/{vehicleId}/services', roles: VEHICLE_EDITOR_ROLES }],
  bindings,
  factory: createRecordServiceHandler,
});
